// One viewer request through the bearer-JWT gate: normalize the path, strip
// credentials and forged identity, then pass, challenge or refuse. Token
// verification is injected, so this file holds the whole policy and no I/O.
import type { CloudFrontResultResponse } from "aws-lambda";
import {
  properCase,
  readViewerRequest,
  takeHeaders,
  type CloudFrontRequest,
} from "../shared/cloudfront-event";
import { normalizePath } from "../shared/path";
import { decide } from "../shared/path-rules";
import { takeParameter } from "../shared/query-string";
import { isCorsPreflight, isNavigation } from "../shared/request-kind";
import {
  bearerChallenge,
  jsonResponse,
  redirect,
  unavailable,
  withCors,
} from "../shared/responses";
import type { BearerJwtConfig } from "./config";
import { extractCredentials } from "../shared/bearer-token";
import type { VerifyOutcome, VerifyToken } from "../shared/access-token-verifier";

/** The request (possibly rewritten) to let it pass, or the response that replaces it. */
export type ViewerRequestResult = CloudFrontRequest | CloudFrontResultResponse;

const DESCRIPTION = {
  malformed: "The access token is malformed",
  too_large: "The access token is too large",
} as const;

/**
 * 401 for a missing or unusable token; a browser navigation is sent to the
 * login page instead (307), when there is one. Only GET and HEAD are
 * redirected: a 307 would replay any other method against the login page.
 */
function loginRequired(
  request: CloudFrontRequest,
  config: BearerJwtConfig,
  description?: string,
): CloudFrontResultResponse {
  const safeMethod = request.method === "GET" || request.method === "HEAD";
  if (config.loginUrl !== null && safeMethod && isNavigation(request)) {
    return redirect(config.loginUrl);
  }
  if (description === undefined) {
    return jsonResponse(
      401,
      { error: "unauthorized" },
      { "www-authenticate": bearerChallenge(config.realm) },
    );
  }
  return jsonResponse(
    401,
    { error: "invalid_token" },
    { "www-authenticate": bearerChallenge(config.realm, "invalid_token", description) },
  );
}

/**
 * Judges one viewer request. Synchronous unless the token names a kid the
 * preloaded JWKS lacks: a warm request then costs no promise and no tick.
 */
export function gateRequest(
  event: unknown,
  config: BearerJwtConfig,
  verify: VerifyToken,
): ViewerRequestResult | Promise<ViewerRequestResult> {
  const request = readViewerRequest(event);
  if (request === null) return jsonResponse(400, { error: "invalid_request" });
  // One pass over the headers: collect the credentials and take them off the
  // request whatever the outcome (they must reach neither the origin nor the
  // cache key), drop any viewer-sent identity header (it is only ever the one
  // this function sets), and read the Origin when CORS is on.
  const cors = config.corsAllowedOrigins;
  const headers = takeHeaders(
    request,
    "authorization",
    config.identityHeader,
    cors.length > 0 ? "origin" : null,
  );
  const origin = headers.read !== undefined && cors.includes(headers.read) ? headers.read : null;
  const result = checkRequest(request, config, verify, origin, headers.taken);
  if (origin === null) return result;
  return result instanceof Promise
    ? result.then((settled) => withCorsIfAnswer(settled, origin))
    : withCorsIfAnswer(result, origin);
}

function withCorsIfAnswer(result: ViewerRequestResult, origin: string): ViewerRequestResult {
  return "status" in result ? withCors(result, origin) : result;
}

function checkRequest(
  request: CloudFrontRequest,
  config: BearerJwtConfig,
  verify: VerifyToken,
  origin: string | null,
  authorization: string[],
): ViewerRequestResult | Promise<ViewerRequestResult> {
  const normalized = normalizePath(request.uri);
  if (!normalized.ok) return jsonResponse(400, { error: "invalid_path" });
  request.uri = normalized.uri;

  let queryValues: (string | null)[] | null = null;
  if (config.tokenQueryParameter !== null) {
    const taken = takeParameter(request.querystring, config.tokenQueryParameter);
    queryValues = taken.values;
    request.querystring = taken.rest;
  }

  // Preflights carry no credentials; S3 answers those of allowed origins.
  if (origin !== null && isCorsPreflight(request)) return request;
  if (decide(normalized.path, null, config.rules) === "public") return request;

  const credentials = extractCredentials(authorization, queryValues, verify.checksB64token);
  switch (credentials.kind) {
    case "ambiguous":
      return jsonResponse(
        400,
        { error: "invalid_request" },
        { "www-authenticate": bearerChallenge(config.realm, "invalid_request") },
      );
    case "none":
      return loginRequired(request, config);
    case "invalid":
      return loginRequired(request, config, DESCRIPTION[credentials.reason]);
  }

  const outcome = verify(credentials.token);
  return outcome instanceof Promise
    ? outcome.then((settled) => afterVerification(request, config, normalized.path, settled))
    : afterVerification(request, config, normalized.path, outcome);
}

function afterVerification(
  request: CloudFrontRequest,
  config: BearerJwtConfig,
  path: string,
  outcome: VerifyOutcome,
): ViewerRequestResult {
  if (!outcome.ok) {
    return outcome.status === 503
      ? unavailable()
      : loginRequired(request, config, outcome.description);
  }
  if (decide(path, outcome.claims, config.rules) !== "allow") {
    return jsonResponse(
      403,
      { error: "forbidden" },
      { "www-authenticate": bearerChallenge(config.realm, "insufficient_scope") },
    );
  }
  // takeHeaders removed every copy of the identity header: this is the only one.
  request.headers[config.identityHeader] = [
    { key: properCase(config.identityHeader), value: outcome.claims.sub },
  ];
  return request;
}
