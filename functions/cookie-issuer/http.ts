// Function URL events (payload 2.0) in and out for the cookie issuer. The
// session manager's readers and response builders are reused as they are
// (same integration, same no-store rule); the issuer also needs request
// headers, for the bearer token, CORS and whether a browser is asking, and
// must keep its answers out of CloudFront's error page.
import { htmlPage } from "../shared/hosted-ui/login-failure-page";
import { withViewerAuthorization } from "../shared/origin-request";
import { REFUSED_STATUS } from "./refused-page";
import {
  html,
  json,
  methodNotAllowed,
  readApiRequest,
  redirectTo,
  type ApiRequest,
  type ApiResult,
} from "../session-manager/http";

export { html, json, methodNotAllowed, redirectTo, type ApiResult };

export interface IssuerRequest extends ApiRequest {
  /** Header values by lowercase name (API Gateway joins repeated headers with ","). */
  headers: Record<string, string>;
}

/** The request of a payload-2.0 event, or null when the event is not that shape. */
export function readIssuerRequest(event: unknown): IssuerRequest | null {
  const request = readApiRequest(event);
  if (request === null) return null;
  const raw = (event as { headers?: unknown }).headers;
  const headers: Record<string, string> = {};
  if (typeof raw === "object" && raw !== null) {
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value === "string") headers[name.toLowerCase()] = value;
    }
  }
  // The origin signature took Authorization: the viewer's is in the forwarded copy.
  return { ...request, headers: withViewerAuthorization(headers) };
}

/** `result` with `headers` added (or replaced). */
export function withHeaders(result: ApiResult, headers: Record<string, string>): ApiResult {
  return { ...result, headers: { ...result.headers, ...headers } };
}

/** The status of a refusal the caller should read, where 403 would be caught. */
const REFUSAL_PAST_ERROR_PAGE = 422;

/**
 * `status` as the issuer may send it. The distribution's error response for
 * 403 covers every behaviour, /_auth/* included, and would swap any 403 of
 * the issuer for the refused page (HTML, off to login); so a refusal the
 * caller should read (a signed-in user refused what they asked for) goes out
 * as 422, and 403 stays CloudFront's own: no valid signed cookies.
 */
export function statusPastErrorPage(status: number): number {
  return status === REFUSED_STATUS ? REFUSAL_PAST_ERROR_PAGE : status;
}

/** `result` with its status past the error page; body, headers and cookies unchanged. */
export function pastErrorPage(result: ApiResult): ApiResult {
  const status = result.statusCode ?? 200;
  return status === statusPastErrorPage(status)
    ? result
    : { ...result, statusCode: statusPastErrorPage(status) };
}

/** A browser navigation (Fetch Metadata, or an Accept asking for HTML) rather than a program. */
export function wantsHtml(headers: Record<string, string>): boolean {
  const mode = headers["sec-fetch-mode"];
  if (mode !== undefined) return mode.trim().toLowerCase() === "navigate";
  return (headers.accept ?? "").toLowerCase().includes("text/html");
}

/** 503 as a page for browsers. */
export function unavailablePage(): ApiResult {
  return html(
    htmlPage(
      503,
      "Temporarily unavailable",
      "Access to protected files cannot be granted right now. Try again in a moment.",
    ),
  );
}

/** 503 as JSON for programs: nothing was issued. */
export function unavailableJson(): ApiResult {
  return json(503, { error: "temporarily_unavailable" });
}
