// CORS for the issuer's program routes (/cookies, /url): pages on the
// configured origins may call them with credentials, so the Set-Cookie of a
// cross-origin fetch is kept (for a sibling host of the same site: SameSite
// cookies from a cross-site response are dropped by browsers anyway). Any
// other origin gets no CORS header at all, so its page can read nothing.
import { json, withHeaders, type ApiResult, type IssuerRequest } from "./http";

const ALLOWED_METHODS = "GET, POST";
// A POST through CloudFront's origin signature to a function URL must carry
// the SHA-256 of its body: a page's fetch sends it, so the preflight allows it.
const ALLOWED_HEADERS = "authorization, content-type, x-amz-content-sha256";
/** Browsers cap this (Chrome at 2 h); 10 minutes saves a preflight per page view. */
const PREFLIGHT_MAX_AGE_SECONDS = "600";

/** The request's Origin when it is one of `allowed` (exact match, as browsers send it). */
export function allowedOrigin(request: IssuerRequest, allowed: readonly string[]): string | null {
  const origin = request.headers.origin;
  return origin !== undefined && allowed.includes(origin) ? origin : null;
}

/**
 * CORS headers for an allowed `origin` (credentials included, and the
 * WWW-Authenticate of a 401 readable); Vary: Origin always, since the
 * answer depends on it.
 */
export function withCors(result: ApiResult, origin: string | null): ApiResult {
  if (origin === null) return withHeaders(result, { vary: "Origin" });
  return withHeaders(result, {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": "www-authenticate",
    vary: "Origin",
  });
}

/**
 * The answer to OPTIONS: 204 with the allowed methods and headers for a
 * preflight from an allowed origin; 400 without any CORS header otherwise,
 * which makes the browser abandon the actual request (not 403: CloudFront's
 * error page would answer in its place).
 */
export function preflight(request: IssuerRequest, allowed: readonly string[]): ApiResult {
  const origin = allowedOrigin(request, allowed);
  if (origin === null || request.headers["access-control-request-method"] === undefined) {
    return withHeaders(json(400, { error: "origin_not_allowed" }), { vary: "Origin" });
  }
  return withHeaders(
    { statusCode: 204, headers: { "cache-control": "no-store" } },
    {
      "access-control-allow-origin": origin,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": ALLOWED_METHODS,
      "access-control-allow-headers": ALLOWED_HEADERS,
      "access-control-max-age": PREFLIGHT_MAX_AGE_SECONDS,
      vary: "Origin",
    },
  );
}
