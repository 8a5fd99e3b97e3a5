// One viewer request through the session checker: normalize the path, strip
// the session cookie and any forged identity, then pass, send to login or
// refuse (403 for a session the path rules keep out). The session check is
// injected, so this file holds the whole request policy and no I/O.
import type { CloudFrontResultResponse } from "aws-lambda";
import {
  headerValues,
  properCase,
  readViewerRequest,
  setHeader,
  takeHeaders,
  type CloudFrontRequest,
} from "../shared/cloudfront-event";
import { withoutCookie } from "../shared/cookies";
import { normalizePath } from "../shared/path";
import { decide } from "../shared/path-rules";
import { allowedOrigin, isCorsPreflight, isNavigation } from "../shared/request-kind";
import { jsonResponse, redirect, unavailable, withCors } from "../shared/responses";
import type { CheckSession } from "./check-session";
import type { SessionCheckerConfig } from "./config";
import { clearSessionCookie } from "./clear-session-cookie";
import { sessionCredentialOf } from "./credentials";
import { loginLocation } from "./decide";
import { forbidden } from "./forbidden";

/** The request (possibly rewritten) to let it pass, or the response that replaces it. */
export type ViewerRequestResult = CloudFrontRequest | CloudFrontResultResponse;

/** Adds one header to a generated response (`name` lowercase). */
function withHeader(
  response: CloudFrontResultResponse,
  name: string,
  value: string,
): CloudFrontResultResponse {
  return {
    ...response,
    headers: { ...response.headers, [name]: [{ key: properCase(name), value }] },
  };
}

/**
 * The answer to a request without a usable session. A browser navigation is
 * sent to the login page (307); only GET and HEAD, since a 307 replays the
 * method. Programs get 401. Either way the browser drops the dead cookie, so
 * it stops sending (and this function stops looking up) an id that is gone.
 */
function loginRequired(
  request: CloudFrontRequest,
  config: SessionCheckerConfig,
): CloudFrontResultResponse {
  const clearing = clearSessionCookie(config.cookieName);
  const safeMethod = request.method === "GET" || request.method === "HEAD";
  if (safeMethod && isNavigation(request)) {
    const location = loginLocation(config.loginPath, request.uri, request.querystring);
    return withHeader(redirect(location), "set-cookie", clearing);
  }
  return jsonResponse(401, { error: "login_required" }, { "set-cookie": clearing });
}

export async function gateRequest(
  event: unknown,
  config: SessionCheckerConfig,
  checkSession: CheckSession,
): Promise<ViewerRequestResult> {
  const request = readViewerRequest(event);
  if (request === null) return jsonResponse(400, { error: "invalid_request" });
  const origin = allowedOrigin(request, config.corsAllowedOrigins);
  const result = await checkRequest(request, config, checkSession, origin);
  return origin !== null && "status" in result ? withCors(result, origin) : result;
}

async function checkRequest(
  request: CloudFrontRequest,
  config: SessionCheckerConfig,
  checkSession: CheckSession,
  origin: string | null,
): Promise<ViewerRequestResult> {
  const normalized = normalizePath(request.uri);
  if (!normalized.ok) return jsonResponse(400, { error: "invalid_path" });
  request.uri = normalized.uri;

  // Read the session id, then take the cookie off the request whatever the
  // outcome: it must reach neither the origin nor the cache key, and an
  // identity header is only ever the one this function sets.
  // One pass takes every Cookie and any viewer-sent identity header.
  const authorization = headerValues(request.headers, "authorization");
  const { taken: cookies } = takeHeaders(request, "cookie", config.identityHeader, null);
  const credential = sessionCredentialOf(cookies, authorization, config.cookieName);
  const kept = withoutCookie(cookies, config.cookieName);
  if (kept.length > 0) request.headers.cookie = kept.map((value) => ({ key: "Cookie", value }));

  // Preflights carry no credentials; S3 answers those of allowed origins.
  if (origin !== null && isCorsPreflight(request)) return request;
  if (decide(normalized.path, null, config.rules) === "public") return request;
  // Neither a login (a tossed parent-domain cookie outlives any login: it
  // would loop) nor a cleared cookie (the host's copy is the one it can
  // clear, which would leave the tossed one as the only session cookie).
  if (credential.kind === "ambiguous") return jsonResponse(400, { error: "ambiguous_credentials" });
  if (credential.kind === "none") return loginRequired(request, config);

  const verdict = await checkSession(credential.sessionId);
  switch (verdict.kind) {
    case "unavailable":
      return unavailable();
    case "denied":
      return loginRequired(request, config);
  }
  // A signed-in user the rules keep out: 403, not a login (it would loop).
  if (decide(normalized.path, verdict, config.rules) !== "allow") return forbidden(request);
  setHeader(request, config.identityHeader, verdict.sub);
  return request;
}
