// Responses an edge function generates instead of forwarding the request.
// Bodies stay tiny JSON (Lambda@Edge caps generated responses at 40 KB and a
// program reading them wants a machine-readable code); none may be cached.
import type { CloudFrontHeaders, CloudFrontResultResponse } from "aws-lambda";
import { properCase } from "./cloudfront-event";

const DESCRIPTIONS: Record<number, string> = {
  307: "Temporary Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  503: "Service Unavailable",
};

function headerMap(headers: Record<string, string>): CloudFrontHeaders {
  const map: CloudFrontHeaders = {};
  for (const name of Object.keys(headers)) {
    map[name] = [{ key: properCase(name), value: headers[name] }];
  }
  return map;
}

/**
 * A generated JSON response. `extraHeaders` names are lowercase; the map is
 * keyed by them and each entry carries the wire spelling.
 */
export function jsonResponse(
  status: 400 | 401 | 403 | 503,
  body: Record<string, string>,
  extraHeaders: Record<string, string> = {},
): CloudFrontResultResponse {
  // Built directly rather than through headerMap: every refusal pays for it.
  const headers: CloudFrontHeaders = {
    "content-type": [{ key: "Content-Type", value: "application/json" }],
    "cache-control": [{ key: "Cache-Control", value: "no-store" }],
  };
  for (const name of Object.keys(extraHeaders)) {
    headers[name] = [{ key: properCase(name), value: extraHeaders[name] }];
  }
  return {
    status: String(status),
    statusDescription: DESCRIPTIONS[status],
    headers,
    body: JSON.stringify(body),
  };
}

/** A 307 to `location`: the browser repeats the same method there. */
export function redirect(location: string): CloudFrontResultResponse {
  return {
    status: "307",
    statusDescription: DESCRIPTIONS[307],
    headers: headerMap({ location, "cache-control": "no-store" }),
  };
}

/** RFC 6750 3.1 error codes for the `error` attribute of a Bearer challenge. */
export type BearerError = "invalid_request" | "invalid_token" | "insufficient_scope";

/**
 * A `WWW-Authenticate: Bearer` challenge (RFC 6750 3). Callers pass only
 * fixed text: realm is validated config, descriptions are constants, so no
 * request-controlled byte ever reaches a response header.
 */
export function bearerChallenge(realm: string, error?: BearerError, description?: string): string {
  let challenge = `Bearer realm="${realm}"`;
  if (error) challenge += `, error="${error}"`;
  if (error && description) challenge += `, error_description="${description}"`;
  return challenge;
}

/**
 * Lets a page on `origin` (an allowed one: the caller checked) read a
 * generated answer and its WWW-Authenticate from a cross-origin fetch, also
 * one sent with credentials: in session-cookie mode the session cookie is
 * what such a fetch carries. Named origin only, never "*", which browsers
 * refuse beside credentials. Content responses get their CORS headers from
 * the distribution; generated ones only from here.
 */
export function withCors(
  response: CloudFrontResultResponse,
  origin: string,
): CloudFrontResultResponse {
  const headers = response.headers ?? {};
  Object.assign(
    headers,
    headerMap({
      "access-control-allow-origin": origin,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "www-authenticate",
      vary: "Origin",
    }),
  );
  return { ...response, headers };
}

/** 503 with `{"error":"temporarily_unavailable"}`: the check could not run, so nothing passes. */
export function unavailable(): CloudFrontResultResponse {
  return jsonResponse(503, { error: "temporarily_unavailable" });
}
