// One loopback endpoint for a table kept in several regions: it routes
// `/<region>` to that region's dynalite server (so the production endpoint
// template, `{region}` filled in, picks the server), counts the calls that
// reach each region, can be switched to misbehave like a throttled, failing
// or hanging table, tells a listener about each write it relayed, and, given
// credentials, refuses a call whose SigV4 signature DynamoDB would refuse.
import * as http from "node:http";
import { closeServer, listenOnLoopback, readBody } from "../loopback-server";
import { receivedRequest, sigv4Problem, type StandInCredentials } from "./sigv4-check";

/** How the proxy answers: forward to dynalite, or misbehave ("held": forwarded on `release()`). */
export type Fault =
  "none" | "throttle" | "capacity" | "server-error" | "hang" | "stall-body" | "held";

const ERROR_TYPE = "com.amazonaws.dynamodb.v20120810#";
export const THROTTLING = { __type: `${ERROR_TYPE}ThrottlingException` };
export const CAPACITY = { __type: `${ERROR_TYPE}ProvisionedThroughputExceededException` };

/** A call the table answered 200, as the proxy relayed it. */
export interface RelayedCall {
  region: string;
  /** "PutItem", "UpdateItem", ... (from X-Amz-Target). */
  operation: string;
  /** The request body (DynamoDB JSON). */
  body: Buffer;
}

export interface TableProxyOptions {
  /**
   * Called for every call the table answered 200, before the answer goes
   * back to the caller: what it awaits (a replication with no delay) is done
   * by the time the caller sees its answer. A failure here is the caller's 500.
   */
  afterSuccess?: (call: RelayedCall) => Promise<void> | void;
  /**
   * The credentials callers sign with: each call's signature is checked as
   * DynamoDB checks it, before any fault, and a bad one is answered 400 with
   * DynamoDB's error type. Left out, signatures are not looked at (dynalite
   * checks only that there is one).
   */
  credentials?: readonly StandInCredentials[];
}

export interface TableProxy {
  /** `http://127.0.0.1:<port>/{region}`: the endpoint template of the config. */
  endpoint: string;
  port: number;
  fault: Fault;
  /**
   * The fault for one call, by region and operation ("GetItem",
   * "UpdateItem"); null: `fault` for every call. Tests that set it reset it.
   */
  faultOf: ((region: string, operation: string) => Fault) | null;
  /**
   * Calls the table took for `region` and `operation` (every one when left
   * out): all that reached the proxy, bar those refused for their signature.
   */
  requests: (region?: string, operation?: string) => number;
  /**
   * Resolves once the next call (to `region`, of `operation`, when given)
   * has been taken (as `requests` counts), whatever its fault makes of it.
   */
  nextRequest: (region?: string, operation?: string) => Promise<void>;
  /** Forwards the calls kept by the "held" fault. */
  release: () => void;
  close: () => Promise<void>;
}

/** Answers like a table in trouble. */
function misbehave(fault: Exclude<Fault, "none" | "held">, res: http.ServerResponse): void {
  const json = { "content-type": "application/x-amz-json-1.0" };
  switch (fault) {
    case "throttle":
      res.writeHead(400, json).end(JSON.stringify(THROTTLING));
      break;
    case "capacity":
      res.writeHead(400, json).end(JSON.stringify(CAPACITY));
      break;
    case "server-error":
      res.writeHead(500, json).end('{"__type":"InternalServerError"}');
      break;
    case "stall-body":
      res.writeHead(200, json).write('{"Item":{"sub":{"S":"');
      break;
    case "hang":
      break; // Never answers; closeAllConnections ends it.
  }
}

/**
 * Relays one request to the dynalite server of its region, unchanged but
 * for Host. The answer is read whole first, so that a listener can act on
 * a success before the caller sees it.
 */
function forward(
  upstream: string | undefined,
  req: http.IncomingMessage,
  body: Buffer,
  res: http.ServerResponse,
  onSuccess: () => Promise<void>,
): void {
  if (upstream === undefined) {
    res.writeHead(404).end();
    return;
  }
  const relay = http.request(
    upstream + "/",
    { method: req.method, headers: { ...req.headers, host: new URL(upstream).host } },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("error", () => res.writeHead(502).end());
      answer.on("end", () => {
        const status = answer.statusCode ?? 502;
        const send = () => res.writeHead(status, answer.headers).end(Buffer.concat(chunks));
        if (status !== 200) {
          send();
          return;
        }
        onSuccess().then(send, (err: unknown) => {
          console.error(`table proxy: after a write: ${String(err)}`);
          res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
          res.end('{"__type":"InternalServerError"}');
        });
      });
    },
  );
  relay.on("error", () => res.writeHead(502).end());
  relay.end(body);
}

/**
 * Answers 400 as DynamoDB does when the call's signature would not pass
 * there (and says so); false when it would.
 */
async function refuseBadSignature(
  req: http.IncomingMessage,
  body: Buffer,
  credentials: readonly StandInCredentials[],
  res: http.ServerResponse,
): Promise<boolean> {
  const request = receivedRequest(req, body.toString("utf8"));
  const problem = await sigv4Problem(request, credentials, "dynamodb");
  if (problem === null) return false;
  res.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
  res.end(
    JSON.stringify({
      __type: `com.amazon.coral.service#${problem.type}`,
      message: problem.message,
    }),
  );
  return true;
}

/** Starts (or, with `port`, restarts on that port) the routing proxy. */
export async function startTableProxy(
  upstreams: Record<string, string>,
  port = 0,
  options: TableProxyOptions = {},
): Promise<TableProxy> {
  type Call = { region: string; operation: string };
  const calls: Call[] = [];
  let arrivals: { region?: string; operation?: string; resolve: () => void }[] = [];
  let held: (() => void)[] = [];
  const proxy: TableProxy = {
    endpoint: "",
    port: 0,
    fault: "none",
    faultOf: null,
    requests: (region, operation) =>
      calls.filter(
        (c) =>
          (region === undefined || c.region === region) &&
          (operation === undefined || c.operation === operation),
      ).length,
    nextRequest: (region, operation) =>
      new Promise<void>((resolve) => arrivals.push({ region, operation, resolve })),
    release: () => {
      const waiting = held;
      held = [];
      for (const send of waiting) send();
    },
    close: () => closeServer(server),
  };
  const server = http.createServer((req, res) => {
    // A body that cannot be read (the client went away) ends the exchange.
    readBody(req).then(
      (body) => {
        // The SDK keeps an endpoint's path and may add a "/" to it.
        const region = (req.url ?? "/").replace(/^\/+|\/+$/g, "");
        const target = String(req.headers["x-amz-target"] ?? "");
        const operation = target.slice(target.lastIndexOf(".") + 1);
        // A call the table takes: past the signature check, when there is one.
        const take = () => {
          calls.push({ region, operation });
          const fault = proxy.faultOf?.(region, operation) ?? proxy.fault;
          const afterSuccess = async () => {
            await options.afterSuccess?.({ region, operation, body });
          };
          const send = () => forward(upstreams[region], req, body, res, afterSuccess);
          if (fault === "held") held.push(send);
          else if (fault !== "none") misbehave(fault, res);
          else send();
          const waiting = arrivals.filter(
            (a) =>
              (a.region === undefined || a.region === region) &&
              (a.operation === undefined || a.operation === operation),
          );
          arrivals = arrivals.filter((a) => !waiting.includes(a));
          for (const { resolve } of waiting) resolve();
        };
        if (options.credentials === undefined) take();
        else {
          refuseBadSignature(req, body, options.credentials, res).then(
            (refused) => {
              if (!refused) take();
            },
            (err: unknown) => {
              console.error(`table proxy: signature check failed: ${String(err)}`);
              res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
              res.end('{"__type":"InternalServerError"}');
            },
          );
        }
      },
      () => res.destroy(),
    );
  });
  proxy.port = await listenOnLoopback(server, port);
  proxy.endpoint = `http://127.0.0.1:${proxy.port}/{region}`;
  return proxy;
}
