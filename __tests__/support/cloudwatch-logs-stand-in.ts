// CloudWatch Logs' JSON protocol on 127.0.0.1, enough for the AWS SDK v3
// client: DescribeLogGroups (prefix, pages) and PutRetentionPolicy on
// in-memory log groups kept per region, the region read from the request's
// signature, and switchable faults per region (denied, hang).
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** `hang`: accepts the request and never answers. `deny-*`: AccessDeniedException on that call. */
export type LogsFault = "none" | "hang" | "deny-describe" | "deny-put";

export interface PutRetentionCall {
  region: string;
  logGroupName: string;
  retentionInDays: number;
}

export interface CloudWatchLogsStandIn {
  /** http://127.0.0.1:<port>: the SDK client's `endpoint`. */
  endpoint: string;
  /** Creates a log group in `region`; `retentionInDays` undefined: never expire. */
  addLogGroup: (region: string, name: string, retentionInDays?: number) => void;
  /** A log group's retention in `region`: a number, "never" (no retention) or "missing". */
  retention: (region: string, name: string) => number | "never" | "missing";
  /** Every PutRetentionPolicy that reached a log group, in order. */
  puts: () => PutRetentionCall[];
  /** Faults by region; a region not named answers normally. */
  faults: Map<string, LogsFault>;
  /** Log groups per DescribeLogGroups page (AWS: `limit`, at most 50). */
  pageSize: number;
  /** Pages without log groups (but with a nextToken) before the first real one, as AWS may send. */
  leadingEmptyPages: number;
  close: () => Promise<void>;
}

const ACCOUNT = "123456789012";
const JSON_TYPE = "application/x-amz-json-1.1";

function send(res: http.ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { "content-type": JSON_TYPE });
  res.end(JSON.stringify(payload));
}

const error = (res: http.ServerResponse, type: string, message: string) =>
  send(res, 400, { __type: type, message });

/** The region of a SigV4 signature: `Credential=<key>/<date>/<region>/logs/aws4_request`. */
function signedRegion(authorization: string | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/logs\/aws4_request/.exec(authorization ?? "")?.[1];
}

export async function startCloudWatchLogsStandIn(): Promise<CloudWatchLogsStandIn> {
  // region -> log group name -> retention (undefined: never expire)
  const groups = new Map<string, Map<string, number | undefined>>();
  const putCalls: PutRetentionCall[] = [];
  const inRegion = (region: string) => {
    let found = groups.get(region);
    if (!found) {
      found = new Map();
      groups.set(region, found);
    }
    return found;
  };

  const standIn: CloudWatchLogsStandIn = {
    endpoint: "",
    addLogGroup: (region, name, days) => inRegion(region).set(name, days),
    retention: (region, name) => {
      const region_ = inRegion(region);
      if (!region_.has(name)) return "missing";
      return region_.get(name) ?? "never";
    },
    puts: () => [...putCalls],
    faults: new Map(),
    pageSize: 50,
    leadingEmptyPages: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function describe(res: http.ServerResponse, region: string, body: Record<string, unknown>): void {
    const prefix = typeof body.logGroupNamePrefix === "string" ? body.logGroupNamePrefix : "";
    const limit = Math.min(typeof body.limit === "number" ? body.limit : 50, standIn.pageSize);
    // The token is the page number: empty pages first, then `limit` groups a page.
    const page = typeof body.nextToken === "string" ? Number(body.nextToken) : 0;
    const names = [...inRegion(region).keys()].filter((n) => n.startsWith(prefix)).sort();
    const start = Math.max(0, page - standIn.leadingEmptyPages) * limit;
    const slice = page < standIn.leadingEmptyPages ? [] : names.slice(start, start + limit);
    const more = page < standIn.leadingEmptyPages || start + limit < names.length;
    send(res, 200, {
      logGroups: slice.map((logGroupName) => {
        const days = inRegion(region).get(logGroupName);
        return {
          logGroupName,
          arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${logGroupName}:*`,
          creationTime: 1_700_000_000_000,
          storedBytes: 0,
          ...(days === undefined ? {} : { retentionInDays: days }),
        };
      }),
      ...(more ? { nextToken: String(page + 1) } : {}),
    });
  }

  function putRetention(
    res: http.ServerResponse,
    region: string,
    body: Record<string, unknown>,
  ): void {
    const name = String(body.logGroupName ?? "");
    const days = body.retentionInDays;
    if (!inRegion(region).has(name)) {
      error(res, "ResourceNotFoundException", "The specified log group does not exist.");
      return;
    }
    if (typeof days !== "number") {
      error(res, "InvalidParameterException", "retentionInDays is required");
      return;
    }
    inRegion(region).set(name, days);
    putCalls.push({ region, logGroupName: name, retentionInDays: days });
    send(res, 200, {});
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"] ?? "").replace(/^Logs_20140328\./, "");
      const region = signedRegion(req.headers.authorization);
      if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256 ") || region === undefined) {
        error(res, "MissingAuthenticationTokenException", "request is not signed for logs");
        return;
      }
      const fault = standIn.faults.get(region) ?? "none";
      if (fault === "hang") return;
      const denied =
        (fault === "deny-describe" && operation === "DescribeLogGroups") ||
        (fault === "deny-put" && operation === "PutRetentionPolicy");
      if (denied) {
        error(
          res,
          "AccessDeniedException",
          `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: logs:${operation} on resource: arn:aws:logs:${region}:${ACCOUNT}:log-group:*`,
        );
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<
          string,
          unknown
        >;
      } catch {
        error(res, "SerializationException", "body is not JSON");
        return;
      }
      if (operation === "DescribeLogGroups") describe(res, region, body);
      else if (operation === "PutRetentionPolicy") putRetention(res, region, body);
      else error(res, "UnknownOperationException", `unsupported operation ${operation}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  standIn.endpoint = `http://127.0.0.1:${port}`;
  return standIn;
}
