// The session manager wired to loopback services: a dynalite session table
// and a hosted UI (the Cognito stand-in, or any base URL for tests that never
// reach it), plus function URL payload-2.0 events and readers for the answers.
// Handlers get a generous time limit on every outbound call unless a test
// asks otherwise (see timing-harness.ts); a silent server stands in for a
// dependency that accepts connections and never answers.
import * as http from "node:http";
import * as net from "node:net";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { SessionManagerConfig } from "../../functions/session-manager/config";
import {
  createHandler,
  type ApiResult,
  type HandlerOptions,
} from "../../functions/session-manager/handler";
import { TEST_CREDENTIALS, TEST_REGION } from "./dynalite";
import { fakeTimeouts, GENEROUS_TIMEOUT_MS, nextTurn } from "./timing-harness";

export const SITE_ORIGIN = "https://d111111abcdef8.cloudfront.net";
export const COOKIE_NAME = "__Host-edge-gate-session";
/** Each login in progress has its own cookie: this prefix, "-" and an id derived from its state. */
export const LOGIN_COOKIE_PREFIX = `${COOKIE_NAME}-login`;
export const CLIENT_ID = "5r1n9tq4examplesessionclient";

/** The SDK in the handler signs with these (dynalite accepts any signature). */
export function useTestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

/** The user pool the session-manager suites sign in to. */
export const TEST_USER_POOL = "eu-west-1_EdgeGate9";

/** sessionManagerConfig's hosted-UI fields for a hosted UI (and issuer) at `origin`. */
export function hostedUiAt(origin: string) {
  return {
    hostedUiBaseUrl: origin,
    issuer: `${origin}/${TEST_USER_POOL}`,
    jwksUri: `${origin}/${TEST_USER_POOL}/.well-known/jwks.json`,
  };
}

export function sessionManagerConfig(
  overrides: {
    tableName: string;
    tableEndpoint: string;
    hostedUiBaseUrl: string;
    issuer: string;
    jwksUri: string;
  } & Partial<Pick<SessionManagerConfig, "sessionLifetimeSeconds" | "idleTimeoutSeconds">>,
): SessionManagerConfig {
  return {
    siteOrigin: SITE_ORIGIN,
    basePath: "/_identity",
    hostedUi: {
      baseUrl: overrides.hostedUiBaseUrl,
      clientId: CLIENT_ID,
      scopes: ["openid", "email", "profile"],
      issuer: overrides.issuer,
      jwksUri: overrides.jwksUri,
    },
    table: { name: overrides.tableName, region: TEST_REGION, endpoint: overrides.tableEndpoint },
    cookieName: COOKIE_NAME,
    sessionLifetimeSeconds: overrides.sessionLifetimeSeconds ?? 8 * 3600,
    idleTimeoutSeconds: overrides.idleTimeoutSeconds ?? null,
    afterLogoutPath: "/signed-out.html",
  };
}

/** The session manager for `config`; outbound calls get a generous time limit unless `options` says otherwise. */
export function sessionManager(config: SessionManagerConfig, options: HandlerOptions = {}) {
  return createHandler(config, { outboundTimeoutMs: GENEROUS_TIMEOUT_MS, ...options });
}

/** The function URL's host: CloudFront's origin access control signs for it. */
export const FUNCTION_URL_HOST = "abc123defexample.lambda-url.eu-west-1.on.aws";
/** CloudFront's origin signature, which takes the Authorization header (it is never a viewer's). */
export const ORIGIN_SIGNATURE =
  "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20261123/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";

/**
 * A Lambda function URL event (payload 2.0) as CloudFront delivers it
 * through its origin access control: CloudFront's request id and origin
 * signature, the URL's own Host.
 */
export function apiEvent(
  method: string,
  target: string,
  cookies: string[] = [],
): APIGatewayProxyEventV2 {
  const url = new URL(target, SITE_ORIGIN);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: cookies.length > 0 ? cookies : undefined,
    headers: {
      host: FUNCTION_URL_HOST,
      "user-agent": "jest",
      "x-amz-cf-id": "Ex4mpleCloudFrontRequestId_0123456789abcdefghij==",
      via: "2.0 0123456789abcdef.cloudfront.net (CloudFront)",
      authorization: ORIGIN_SIGNATURE,
    },
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123defexample",
      domainName: FUNCTION_URL_HOST,
      domainPrefix: "abc123defexample",
      http: {
        method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: "130.176.0.7",
        userAgent: "jest",
      },
      requestId: "req-1",
      routeKey: "$default",
      stage: "$default",
      time: "23/Nov/2026:12:00:00 +0000",
      timeEpoch: 1795435200000,
    },
    isBase64Encoded: false,
  };
}

/** The same request sent straight to the function, not through CloudFront (no CloudFront request id). */
export function directEvent(
  method: string,
  target: string,
  cookies: string[] = [],
): APIGatewayProxyEventV2 {
  const event = apiEvent(method, target, cookies);
  const headers = { ...event.headers };
  delete headers["x-amz-cf-id"];
  delete headers.via;
  return { ...event, headers };
}

export function locationOf(result: ApiResult): string {
  const location = result.headers?.location;
  if (typeof location !== "string") throw new Error(`no Location in ${JSON.stringify(result)}`);
  return location;
}

/** The Set-Cookie string for cookie `name`. */
export function setCookieFor(result: ApiResult, name: string): string | undefined {
  return result.cookies?.find((c) => c.startsWith(`${name}=`));
}

/** `name=value` of a Set-Cookie string, as a browser would send it back. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0];
}

export interface SilentServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  close: () => Promise<void>;
}

/** A dependency that hangs: accepts every connection, reads what is sent, never writes a byte. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined); // the client gives up and resets: expected
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface TokenEndpoint {
  /** http://127.0.0.1:<port>: a hosted-UI base URL whose /oauth2/token answers at once. */
  origin: string;
  /** Requests received so far. */
  requests: () => number;
  close: () => Promise<void>;
}

/** A token endpoint that answers every POST with 200 and `body()` as JSON, whatever the code. */
export async function startTokenEndpoint(body: () => object): Promise<TokenEndpoint> {
  let received = 0;
  const server = http.createServer((req, res) => {
    received += 1;
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: () => received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Like settleOnFakeClock (timing-harness.ts), and also says how much fake
 * time had to pass: `action` runs with setTimeout faked, the clock moving
 * `stepMs` per turn of the event loop while a timer is pending, until it
 * settles. Against a server that never answers only the code's own timers
 * can end a call, so the fake time is what those limits made it wait, and
 * nothing of how long the machine took for the rest (a call waiting on no
 * timer at all never settles).
 */
export async function settleCountingFakeTime<T>(
  action: () => Promise<T>,
  stepMs: number,
): Promise<{ value: T; fakeMs: number }> {
  fakeTimeouts();
  try {
    let settled = false;
    const outcome = action().finally(() => {
      settled = true;
    });
    let fakeMs = 0;
    for (let turn = 0; ; turn += 1) {
      if (turn === 100_000) throw new Error("not settled after 100 000 turns of the fake clock");
      await nextTurn();
      if (settled) break;
      if (jest.getTimerCount() > 0) {
        jest.advanceTimersByTime(stepMs);
        fakeMs += stepMs;
      }
    }
    return { value: await outcome, fakeMs };
  } finally {
    jest.useRealTimers();
  }
}
