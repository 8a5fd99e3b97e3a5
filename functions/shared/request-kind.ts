// What kind of client sent a request. Browsers navigating to a page can be
// sent to a login page; programs (fetch/XHR) must get a status code, since a
// redirect to a hosted login would be followed invisibly and blocked by CORS.
import { firstHeaderValue, type CloudFrontRequest } from "./cloudfront-event";

/**
 * A top-level browser navigation: `Sec-Fetch-Mode: navigate`, or (older
 * browsers that send no Fetch Metadata) an `Accept` that asks for HTML.
 * A present Sec-Fetch-Mode other than navigate is authoritative: `fetch()`
 * calls may send `Accept: text/html` too.
 */
export function isNavigation(request: CloudFrontRequest): boolean {
  const mode = firstHeaderValue(request.headers, "sec-fetch-mode");
  if (mode !== undefined) return mode.trim().toLowerCase() === "navigate";
  const accept = firstHeaderValue(request.headers, "accept");
  return accept !== undefined && accept.toLowerCase().includes("text/html");
}

/**
 * A CORS preflight: OPTIONS with both Origin and Access-Control-Request-Method
 * (Fetch standard). Browsers never attach credentials to it, so it can only be
 * judged by its shape.
 */
export function isCorsPreflight(request: CloudFrontRequest): boolean {
  return (
    request.method === "OPTIONS" &&
    firstHeaderValue(request.headers, "origin") !== undefined &&
    firstHeaderValue(request.headers, "access-control-request-method") !== undefined
  );
}

/** The request's Origin when it is one of `allowed` (exact match, as browsers send it). */
export function allowedOrigin(
  request: CloudFrontRequest,
  allowed: readonly string[],
): string | null {
  const origin = firstHeaderValue(request.headers, "origin");
  return origin !== undefined && allowed.includes(origin) ? origin : null;
}
