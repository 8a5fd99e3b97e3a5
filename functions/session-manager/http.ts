// API Gateway HTTP API (payload format 2.0) in and out: the few parts of an
// event the session manager reads, and responses with Set-Cookie in the
// `cookies` list (one header each) and no-store on everything.
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { HtmlPage } from "../shared/hosted-ui/login-failure-page";
import { isRecord } from "../shared/is-record";

export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Cookie strings as API Gateway lists them (`name=value`). */
  cookies: string[];
}

/** The request of a payload-2.0 event, or null when the event is not that shape. */
export function readApiRequest(event: unknown): ApiRequest | null {
  if (!isRecord(event)) return null;
  const context = event.requestContext;
  const http = isRecord(context) ? context.http : undefined;
  const method = isRecord(http) ? http.method : undefined;
  const { rawPath, rawQueryString } = event;
  if (typeof method !== "string" || typeof rawPath !== "string") return null;
  const cookies = Array.isArray(event.cookies)
    ? event.cookies.filter((c): c is string => typeof c === "string")
    : [];
  return {
    method: method.toUpperCase(),
    path: rawPath,
    query: new URLSearchParams(typeof rawQueryString === "string" ? rawQueryString : ""),
    cookies,
  };
}

const NO_STORE = { "cache-control": "no-store" };

export function redirectTo(
  status: 302 | 303 | 307,
  location: string,
  cookies: string[] = [],
): ApiResult {
  return { statusCode: status, headers: { location, ...NO_STORE }, cookies };
}

export function json(status: number, body: unknown, cookies: string[] = []): ApiResult {
  return {
    statusCode: status,
    headers: { "content-type": "application/json", ...NO_STORE },
    cookies,
    body: JSON.stringify(body),
  };
}

export function html(page: HtmlPage, cookies: string[] = []): ApiResult {
  return {
    statusCode: page.status,
    headers: { "content-type": "text/html; charset=utf-8", ...NO_STORE },
    cookies,
    body: page.body,
  };
}

export function methodNotAllowed(allowed: string[]): ApiResult {
  return {
    statusCode: 405,
    headers: { allow: allowed.join(", "), "content-type": "application/json", ...NO_STORE },
    body: JSON.stringify({ error: "method_not_allowed" }),
  };
}
