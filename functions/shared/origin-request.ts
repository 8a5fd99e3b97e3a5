// What a regional login function checks of a request before anything else:
// that it came through the distribution (the function URL takes SigV4 from
// CloudFront's origin access control only, and CloudFront marks every origin
// request with x-amz-cf-id), which bearer credential the viewer sent once
// CloudFront's signature took the Authorization header, and the one access
// log line per request, with no cookie, query string or credential in it.
import { isRecord } from "./is-record";

/**
 * A viewer's Authorization, copied by the distribution's CloudFront Function
 * before the origin signature replaces it. Not X-Edge-* or X-Amz-Cf-*:
 * CloudFront refuses (502) a function that adds a header with those prefixes.
 */
export const FORWARDED_AUTHORIZATION_HEADER = "x-gate-viewer-authorization";

/** Set to "off" when the environment turns the login functions' access log off. */
export const ACCESS_LOG_VARIABLE = "EDGE_GATE_ACCESS_LOG";

/** Whether the access log line is written (on unless turned off). */
export function accessLogOn(env: Record<string, string | undefined>): boolean {
  return env[ACCESS_LOG_VARIABLE] !== "off";
}

/** CloudFront's id of the request: on every request it sends to an origin. */
const CLOUDFRONT_REQUEST_ID = "x-amz-cf-id";

/** The scheme of the origin signature (SigV4), which is CloudFront's, never the viewer's. */
const ORIGIN_SIGNATURE = /^AWS4-HMAC-SHA256\s/i;

/** The event's header `name` (payload 2.0 lowercases names), or undefined. */
function header(event: unknown, name: string): string | undefined {
  const headers = isRecord(event) ? event.headers : undefined;
  if (!isRecord(headers)) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === "string") return value;
  }
  return undefined;
}

/**
 * Whether `event` came through CloudFront. The guarantee is the function
 * URL's IAM auth (only the distribution may invoke it); this refuses what
 * slips past a misconfiguration of it: a public URL, an API put in front.
 */
export function cameThroughCloudFront(event: unknown): boolean {
  const id = header(event, CLOUDFRONT_REQUEST_ID);
  return id !== undefined && id.trim().length > 0;
}

/** The answer to a request that skipped CloudFront: 403, JSON, nothing else done. */
export function directRequestRefused(): {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
} {
  return {
    statusCode: 403,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify({ error: "cloudfront_only" }),
  };
}

/**
 * Header values by lowercase name with the viewer's Authorization restored:
 * the forwarded copy replaces CloudFront's origin signature, which is
 * dropped, so the signature is never mistaken for a viewer's credential.
 */
export function withViewerAuthorization(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  const forwarded = out[FORWARDED_AUTHORIZATION_HEADER];
  delete out[FORWARDED_AUTHORIZATION_HEADER];
  if (out.authorization !== undefined && ORIGIN_SIGNATURE.test(out.authorization)) {
    delete out.authorization;
  }
  if (forwarded !== undefined) out.authorization = forwarded;
  return out;
}

export interface AccessLogLine {
  message: "request";
  /** CloudFront's request id: the same id is in the distribution's access log. */
  cloudfrontRequestId: string | null;
  method: string | null;
  /** The path only: a query string can carry a login's code or state. */
  path: string | null;
  status: number;
  ms: number;
}

/** The access log line of one request: never a header value beyond CloudFront's id, never a cookie. */
export function accessLogLine(event: unknown, status: number, ms: number): AccessLogLine {
  const context = isRecord(event) ? event.requestContext : undefined;
  const http = isRecord(context) ? context.http : undefined;
  const method = isRecord(http) && typeof http.method === "string" ? http.method : null;
  const rawPath = isRecord(event) && typeof event.rawPath === "string" ? event.rawPath : null;
  return {
    message: "request",
    cloudfrontRequestId: header(event, CLOUDFRONT_REQUEST_ID) ?? null,
    method,
    path: rawPath === null ? null : rawPath.slice(0, 512),
    status,
    ms,
  };
}
