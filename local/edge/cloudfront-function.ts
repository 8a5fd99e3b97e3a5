// Runs a CloudFront Function (aws_cloudfront_function, cloudfront-js-2.0) on
// viewer requests: its code from cdk.tf.json in a fresh VM context, with the
// CloudFront Functions event shape, its answer turned into the Lambda@Edge
// shape the rest of the emulator judges (same header rules, same verdicts).
import * as vm from "node:vm";
import type { CloudFrontHeaders } from "aws-lambda";
import type { Invocation } from "./function-worker";
import { cookiePairs, pairsOfCloudFrontHeaders } from "./http-fields";
import { isRecord } from "./json-shapes";
import { queryParts } from "./query-string";

type Fields = Record<string, unknown>;
type ValueMap = Record<string, { value: string; multiValue?: { value: string }[] }>;

function valueMap(pairs: [string, string][]): ValueMap {
  const map: ValueMap = {};
  for (const [name, value] of pairs) {
    const existing = map[name];
    if (existing === undefined) map[name] = { value };
    else existing.multiValue = [...(existing.multiValue ?? [{ value: existing.value }]), { value }];
  }
  return map;
}

function pairsOf(map: unknown): [string, string][] {
  if (!isRecord(map)) return [];
  return Object.entries(map).flatMap(([name, entry]) => {
    if (!isRecord(entry)) return [];
    const multi = Array.isArray(entry.multiValue) ? (entry.multiValue as Fields[]) : null;
    return multi !== null
      ? multi.map((m): [string, string] => [name, String(m.value)])
      : [[name, String(entry.value)] as [string, string]];
  });
}

/** The CloudFront Functions event for a Lambda@Edge-shaped viewer-request event. */
export function functionEvent(edgeEvent: Fields): Fields {
  const cf = (edgeEvent.Records as Fields[])[0].cf as Fields;
  const request = cf.request as Fields;
  const headers = pairsOfCloudFrontHeaders(request.headers as CloudFrontHeaders);
  const cookies = cookiePairs(headers.filter(([n]) => n === "cookie").map(([, v]) => v));
  const query = queryParts(String(request.querystring));
  return {
    version: "1.0",
    context: { ...(cf.config as Fields) },
    viewer: { ip: request.clientIp },
    request: {
      method: request.method,
      uri: request.uri,
      querystring: valueMap(query),
      headers: valueMap(headers.filter(([n]) => n !== "cookie")),
      cookies: valueMap(cookies),
    },
  };
}

/** A CloudFront Functions result in the Lambda@Edge shape (request or response). */
export function edgeResult(result: unknown, original: Fields): unknown {
  if (!isRecord(result)) return result;
  const headers: Record<string, { key: string; value: string }[]> = {};
  const add = (name: string, value: string) =>
    (headers[name.toLowerCase()] ??= []).push({ key: name, value });
  for (const [name, value] of pairsOf(result.headers)) add(name, value);
  if ("statusCode" in result) {
    if (isRecord(result.cookies)) {
      for (const [name, c] of Object.entries(result.cookies)) {
        const cookie = c as Fields;
        add(
          "set-cookie",
          `${name}=${String(cookie.value)}${cookie.attributes ? `; ${String(cookie.attributes)}` : ""}`,
        );
      }
    }
    const body = result.body;
    const text = isRecord(body) ? String(body.data) : body === undefined ? "" : String(body);
    const base64 = isRecord(body) && body.encoding === "base64";
    return {
      status: String(result.statusCode),
      statusDescription: result.statusDescription,
      headers,
      body: text,
      bodyEncoding: base64 ? "base64" : "text",
    };
  }
  const cookies = pairsOf(result.cookies).map(([n, v]) => `${n}=${v}`);
  if (cookies.length > 0) add("cookie", cookies.join("; "));
  const query = pairsOf(result.querystring).map(([n, v]) => (v === "" ? n : `${n}=${v}`));
  const request = (original.Records as Fields[])[0].cf as Fields;
  return {
    ...(request.request as Fields),
    uri: result.uri,
    querystring: query.join("&"),
    headers,
  };
}

/** One CloudFront Function's code, compiled once; each call gets a fresh context. */
export class CloudFrontFunctionRunner {
  private readonly script: vm.Script;

  constructor(
    code: string,
    private readonly name: string,
  ) {
    this.script = new vm.Script(`${code}\n;handler(event);`, { filename: `${name}.js` });
  }

  async invoke(edgeEvent: unknown, timeoutMs: number): Promise<Invocation> {
    const context = vm.createContext({ event: functionEvent(edgeEvent as Fields), console });
    let timer: NodeJS.Timeout | undefined;
    try {
      const pending = Promise.resolve(this.script.runInContext(context, { timeout: timeoutMs }));
      const limit = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const result = await Promise.race([pending, limit]);
      if (result === "timeout") return { outcome: "timeout" };
      return {
        outcome: "returned",
        result: edgeResult(JSON.parse(JSON.stringify(result ?? null)), edgeEvent as Fields),
      };
    } catch (err) {
      const timedOut = (err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
      return timedOut
        ? { outcome: "timeout" }
        : { outcome: "error", error: `${this.name}: ${String(err)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {}
}
