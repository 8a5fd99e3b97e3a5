// The issuer's program routes, for callers holding a Cognito access token
// (Authorization: Bearer, verified exactly as the bearer-JWT gate does):
// /cookies sets the caller's cookie sets, /url signs one URL for one object.
// Both answer JSON, with CORS for the configured origins, and never 403
// (CloudFront's error page would replace it): a signed-in caller refused
// what it asked for gets 422 and the reason.
import type { Claims } from "../shared/access-token-verifier";
import { extractCredentials } from "../shared/bearer-token";
import { matchesPrefix, normalizePath } from "../shared/path";
import { allowedOrigin, preflight, withCors } from "./cors";
import {
  json,
  statusPastErrorPage,
  unavailableJson,
  withHeaders,
  type ApiResult,
  type IssuerRequest,
} from "./http";
import { issueCookieSets } from "./issuance";
import { readIssuedPaths } from "./issued-paths-cookie";
import { issueSettings, nowSeconds, type IssuerDeps } from "./issuer-deps";
import { grantedPrefixes } from "./readable-prefixes";
import { signCannedUrl } from "./signing";

type Route = (request: IssuerRequest) => Promise<ApiResult>;

// RFC 6750 3: no error code without credentials; otherwise the code only.
// Fixed text: nothing from the request reaches a response header.
const CHALLENGE = "Bearer";
const INVALID_TOKEN = 'Bearer error="invalid_token"';
const INVALID_REQUEST = 'Bearer error="invalid_request"';

const challenge = (status: 400 | 401, header: string, body: Record<string, string>): ApiResult =>
  withHeaders(json(status, body), { "www-authenticate": header });

/** The verified claims of the request's access token, or the answer that refuses it. */
async function authenticate(
  request: IssuerRequest,
  deps: IssuerDeps,
): Promise<{ ok: true; claims: Claims } | { ok: false; answer: ApiResult }> {
  const header = request.headers.authorization;
  const credentials = extractCredentials(header === undefined ? [] : [header], null);
  switch (credentials.kind) {
    case "none":
      return { ok: false, answer: challenge(401, CHALLENGE, { error: "unauthorized" }) };
    case "ambiguous":
      return {
        ok: false,
        answer: challenge(400, INVALID_REQUEST, { error: "invalid_request" }),
      };
    case "invalid":
      return { ok: false, answer: challenge(401, INVALID_TOKEN, { error: "invalid_token" }) };
  }
  const outcome = await deps.verifyAccessToken(credentials.token);
  if (outcome.ok) return { ok: true, claims: outcome.claims };
  if (outcome.status === 503) return { ok: false, answer: unavailableJson() };
  return {
    ok: false,
    answer: challenge(401, INVALID_TOKEN, {
      error: "invalid_token",
      error_description: outcome.description,
    }),
  };
}

export function createApiRoutes(deps: IssuerDeps): Record<string, Route> {
  const { config } = deps;

  const cookies: Route = async (request) => {
    const auth = await authenticate(request, deps);
    if (!auth.ok) return auth.answer;
    const key = await deps.signingKey();
    if (key === null) return unavailableJson();
    const issued = issueCookieSets(
      auth.claims,
      nowSeconds(deps),
      readIssuedPaths(request.cookies),
      issueSettings(config, key),
    );
    if (!issued.ok) return json(statusPastErrorPage(issued.status), issued.body);
    return json(200, { prefixes: issued.prefixes, expiresAt: issued.expiresAt }, issued.cookies);
  };

  const url: Route = async (request) => {
    const auth = await authenticate(request, deps);
    if (!auth.ok) return auth.answer;
    const keys = request.query.getAll("key");
    const normalized = keys.length === 1 ? normalizePath(keys[0]) : ({ ok: false } as const);
    if (!normalized.ok) return json(400, { error: "invalid_key" });
    // The same grants as the cookie sets: a URL never opens more than a cookie would.
    const granted = grantedPrefixes(auth.claims, config.rules);
    if (!granted.ok) return json(422, { error: "unsafe_identity" });
    if (!granted.prefixes.some((prefix) => matchesPrefix(normalized.path, prefix))) {
      return json(422, { error: "forbidden" });
    }
    const key = await deps.signingKey();
    if (key === null) return unavailableJson();
    const expiresAt = nowSeconds(deps) + config.signedUrlLifetimeSeconds;
    const signer = issueSettings(config, key).signer;
    return json(200, { url: signCannedUrl(normalized.uri, expiresAt, signer), expiresAt });
  };

  /** Preflights answered for allowed origins; every answer says whether that origin may read it. */
  const withCorsFor =
    (route: Route): Route =>
    async (request) => {
      if (request.method === "OPTIONS") return preflight(request, config.corsAllowedOrigins);
      return withCors(await route(request), allowedOrigin(request, config.corsAllowedOrigins));
    };

  return { "/cookies": withCorsFor(cookies), "/url": withCorsFor(url) };
}
