// The local edge: a CloudFront emulator for one synthesized environment. It
// reads cdktf.out/stacks/<env> (cdk.tf.json and assets/), runs the same
// bundles in worker threads with the config they would get, and serves the
// distribution on 127.0.0.1. The contract below is shared with the runner
// (local/run.ts).
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { EdgeCache } from "./cache";
import { startFunctions } from "./edge-functions";
import { closeServer, listenOnLoopback, readBody } from "../loopback-server";
import { ParameterStore } from "./parameter-store";
import type { RunningFunction } from "./pipeline-types";
import type { LocalRequestLogEntry } from "./request-log";
import { RequestPipeline } from "./request-pipeline";
import { addressText, readStackModel, type StackModel } from "./stack-model";
import { localPublicKeyId, trustedKeyGroups, trustedKeyIds } from "./trusted-key-groups";
import {
  MAX_HEADER_BYTES,
  answerClientError,
  viewerRequestOf,
  writeViewerResponse,
} from "./viewer-http";

export type { LocalRequestLogEntry };
export { formatLogEntry } from "./request-log";
/** Errors with code "EADDRINUSE" are rethrown as PortInUseError { port }. */
export { PortInUseError } from "../loopback-server";
export { localPublicKeyId };

export interface LocalEdgeOptions {
  /** cdktf.out/stacks/<env>: cdk.tf.json and assets/ */
  stackDir: string;
  /** Folder served as the S3 origin (object key = path without the leading "/"). */
  contentDir: string;
  /** 127.0.0.1 only. 0 = any free port. */
  port: number;
  /**
   * The value of a Terraform attribute reference the emulator meets while
   * evaluating config. Return undefined for unknown ones (the emulator then
   * fails with a clear message naming the reference).
   */
  resolveReference: (reference: string) => string | undefined;
  /**
   * Last word on each function's decoded config, after references are
   * resolved. `site.origin` is http://127.0.0.1:<port> once the port is
   * bound (the runner cannot know it in advance with port 0).
   */
  adjustConfig: (functionName: string, config: unknown, site: { origin: string }) => unknown;
  /** PEM public keys by aws_cloudfront_public_key `name`, replacing the stack's encoded_key. */
  publicKeyOverrides?: Record<string, string>;
  /** Environment the functions see (AWS_REGION etc. are set by the emulator). */
  functionEnvironment: Record<string, string>;
  /** Region Lambda@Edge "runs in" (AWS_REGION for viewer-request functions). */
  edgeRegion: string;
  /** Lambda@Edge's viewer-request time limit in milliseconds (tests inject a short one). Default 5000. */
  viewerRequestTimeoutMs?: number;
  /**
   * Last word on each header value a response headers policy sets (the
   * runner points the Content-Security-Policy's AWS origins at the stand-ins).
   */
  adjustResponseHeader?: (name: string, value: string) => string;
  /** An empty folder for the functions' files, removed by close(); default: a fresh temp folder. */
  tempDir?: string;
  /**
   * Each line a Lambda function writes, with its function_name (what
   * CloudWatch Logs would get); default: printed through console.log as
   * `[<function>] <line>`, so a test keeps it with the test that caused it.
   */
  functionLog?: (functionName: string, line: string) => void;
}

export interface LocalEdge {
  url: string;
  requestLog: readonly LocalRequestLogEntry[];
  close(): Promise<void>;
}

/** Lambda@Edge's documented viewer-request time limit. */
export const VIEWER_REQUEST_LIMIT_MS = 5000;

/** `model` with each response headers policy's header values passed through `adjust`. */
function withAdjustedHeaders(
  model: StackModel,
  adjust: LocalEdgeOptions["adjustResponseHeader"],
): StackModel {
  if (adjust === undefined) return model;
  const behaviours = model.behaviours.map((b) =>
    b.responseHeadersPolicy === null
      ? b
      : {
          ...b,
          responseHeadersPolicy: {
            ...b.responseHeadersPolicy,
            headers: b.responseHeadersPolicy.headers.map((h) => ({
              ...h,
              value: adjust(h.name, h.value),
            })),
          },
        },
  );
  return { ...model, behaviours };
}

export async function startLocalEdge(options: LocalEdgeOptions): Promise<LocalEdge> {
  const model = withAdjustedHeaders(readStackModel(options.stackDir), options.adjustResponseHeader);
  const requestLog: LocalRequestLogEntry[] = [];
  const tempRoot =
    options.tempDir === undefined
      ? fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-local-edge-"))
      : (fs.mkdirSync(options.tempDir, { recursive: true }), options.tempDir);
  const functions = new Map<string, RunningFunction>();
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES });
  const parameters = new ParameterStore();
  const cleanup = async () => {
    await closeServer(server);
    await Promise.all([...functions.values()].map((f) => f.runner.close()));
    await parameters.close();
    fs.rmSync(tempRoot, { recursive: true, force: true });
  };
  try {
    // The port first: the site origin (and so the functions' config) names it.
    const port = await listenOnLoopback(server, options.port);
    const host = `127.0.0.1:${port}`;
    const keyIds = trustedKeyIds(model, options.resolveReference);
    const reference = (ref: string): string | undefined => {
      const given = options.resolveReference(ref);
      if (given !== undefined) return given;
      const key = /^(aws_cloudfront_public_key\.[\w-]+)\.id$/.exec(ref);
      if (key !== null) return keyIds.get(key[1]) ?? localPublicKeyId(key[1]);
      // The distribution's own domain: where this emulator listens.
      if (ref === `${addressText(model.distribution)}.domain_name`) return host;
      return undefined;
    };
    await parameters.start();
    startFunctions(
      model,
      {
        reference,
        adjustConfig: (name, config) =>
          options.adjustConfig(name, config, { origin: `http://${host}` }),
        functionEnvironment: options.functionEnvironment,
        edgeRegion: options.edgeRegion,
        tempRoot,
        parameters,
      },
      functions,
      options.functionLog ?? ((name, line) => console.log(`[${name}] ${line}`)),
    );
    const pipeline = new RequestPipeline({
      model,
      contentDir: path.resolve(options.contentDir),
      host,
      functions,
      keyGroups: trustedKeyGroups(model, keyIds, options.publicKeyOverrides),
      cache: new EdgeCache(),
      viewerRequestTimeoutMs: options.viewerRequestTimeoutMs ?? VIEWER_REQUEST_LIMIT_MS,
      now: Date.now,
      log: (entry) => requestLog.push(entry),
    });
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      void (async () => {
        const viewer = viewerRequestOf(req, await readBody(req));
        writeViewerResponse(res, viewer.method, await pipeline.handle(viewer));
      })().catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
    server.on("clientError", answerClientError);
    return { url: `http://${host}`, requestLog, close: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
