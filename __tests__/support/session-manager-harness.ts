// The session manager wired to loopback services: a dynalite session table
// and a hosted UI (the Cognito stand-in, or any base URL for tests that never
// reach it), plus API Gateway payload-2.0 events and readers for the answers.
// Handlers get a generous time limit on calls to the hosted UI and its JWKS
// unless a test asks otherwise (see timing-harness.ts).
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { SessionManagerConfig } from "../../functions/session-manager/config";
import {
  createHandler,
  type ApiResult,
  type HandlerOptions,
} from "../../functions/session-manager/handler";
import { TEST_CREDENTIALS, TEST_REGION } from "./dynalite";
import { GENEROUS_TIMEOUT_MS } from "./timing-harness";

export const SITE_ORIGIN = "https://d111111abcdef8.cloudfront.net";
export const COOKIE_NAME = "__Host-edge-gate-session";
export const LOGIN_COOKIE_NAME = `${COOKIE_NAME}-login`;
export const CLIENT_ID = "5r1n9tq4examplesessionclient";

/** The SDK in the handler signs with these (dynalite accepts any signature). */
export function useTestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
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

/** An API Gateway HTTP API event (payload 2.0) as CloudFront → API Gateway delivers it. */
export function apiEvent(
  method: string,
  target: string,
  cookies: string[] = [],
): APIGatewayProxyEventV2 {
  const url = new URL(target, SITE_ORIGIN);
  return {
    version: "2.0",
    routeKey: "ANY /_identity/{proxy+}",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: cookies.length > 0 ? cookies : undefined,
    headers: { host: "abc123.execute-api.eu-west-1.amazonaws.com", "user-agent": "jest" },
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abc123",
      http: {
        method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "jest",
      },
      requestId: "req-1",
      routeKey: "ANY /_identity/{proxy+}",
      stage: "$default",
      time: "23/Nov/2026:12:00:00 +0000",
      timeEpoch: 1795435200000,
    },
    isBase64Encoded: false,
  };
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
