// Regional Lambda at a function URL that only the distribution may invoke
// (payload 2.0), on /_auth/*: issues the CloudFront signed cookies (and
// signed URLs) that CloudFront itself checks on protected paths. I/O only: a
// request that skipped CloudFront is refused first; config from its SSM
// parameter (or EDGE_GATE_CONFIG inline); the signing key from Secrets
// Manager, read on first use and kept. Any failure becomes a 503, never a
// thrown error and never a cookie.
import type { KeyObject } from "node:crypto";
import { createAccessTokenVerifier } from "../shared/access-token-verifier";
import { createIdTokenVerifier } from "../shared/hosted-ui/id-token";
import { HostedUiLogin } from "../shared/hosted-ui/login-flow";
import {
  resolveOutboundLimits,
  type OutboundLimits,
  type OutboundOverrides,
} from "../shared/hosted-ui/outbound-limits";
import { cameThroughCloudFront, directRequestRefused } from "../shared/origin-request";
import { regionalEntry } from "../shared/regional-entry";
import { CONFIG_VARIABLE, type CookieIssuerConfig } from "./config";
import {
  json,
  readIssuerRequest,
  unavailableJson,
  unavailablePage,
  wantsHtml,
  type ApiResult,
  type IssuerRequest,
} from "./http";
import { loginCookiePrefix, type IssuerDeps } from "./issuer-deps";
import { parseConfig } from "./parse-config";
import { createRoutes } from "./routes";
import { SealedLoginStore } from "./sealed-login-store";
import { SigningKeySource } from "./signing-key";
import { logError } from "../shared/log";

export type { ApiResult };
export type CookieIssuerHandler = (event: unknown) => Promise<ApiResult>;

/**
 * `outboundTimeoutMs` replaces the time limit of every outbound call: the
 * signing-key read (connection, each attempt, the whole read), JWKS fetches
 * and calls to the hosted UI; `outboundTimeouts` that of one kind (tests: a
 * loaded machine must make them slower, never fail them; one dependency
 * hangs). Production leaves both unset and keeps the limits of
 * outbound-limits.ts.
 */
export interface HandlerOptions extends OutboundOverrides {
  /** Milliseconds since the epoch (tests move time). */
  now?: () => number;
}

/** A login must come back from the hosted UI within this time. */
export const LOGIN_TTL_SECONDS = 600;
/** Leeway for access-token exp/nbf/iat, as the bearer-JWT gate allows by default. */
const CLOCK_SKEW_SECONDS = 30;

/** Without a usable config nothing can be judged: 503, as a page or JSON as the caller wants. */
const refuseEverything: CookieIssuerHandler = async (event) => {
  const request = readIssuerRequest(event);
  return request !== null && wantsHtml(request.headers) ? unavailablePage() : unavailableJson();
};

function createDeps(
  config: CookieIssuerConfig,
  now: () => number,
  limits: OutboundLimits,
): IssuerDeps {
  const keys = new SigningKeySource(config.secretsManager, config.signingKey.secretId, limits.aws);
  const verifyIdToken = createIdTokenVerifier(config.hostedUi, limits.jwksMs);
  // One login per signing key: the sealing key is derived from it once.
  let current: { key: KeyObject; login: HostedUiLogin } | undefined;
  const loginFor = (key: KeyObject): HostedUiLogin => {
    if (current?.key !== key) {
      const login = new HostedUiLogin({
        settings: config.hostedUi,
        redirectUri: new URL(`${config.basePath}/callback`, config.siteOrigin).toString(),
        loginCookiePrefix: loginCookiePrefix(config),
        loginTtlSeconds: LOGIN_TTL_SECONDS,
        store: new SealedLoginStore(key, now),
        verifyIdToken,
        now,
        callTimeoutMs: limits.tokenEndpointMs,
      });
      current = { key, login };
    }
    return current.login;
  };
  return {
    config,
    signingKey: () => keys.get(),
    verifyAccessToken: createAccessTokenVerifier({
      issuer: config.hostedUi.issuer,
      jwksUri: config.hostedUi.jwksUri,
      jwks: config.jwks,
      clientIds: config.accessTokenClientIds,
      clockSkewSeconds: CLOCK_SKEW_SECONDS,
      jwksFetchTimeoutMs: limits.jwksMs,
    }),
    loginFor,
    now,
  };
}

/** Each event read and routed; anything thrown on the way is logged and becomes a 503. */
function guarded(route: (request: IssuerRequest) => Promise<ApiResult>): CookieIssuerHandler {
  return async (event) => {
    if (!cameThroughCloudFront(event)) return directRequestRefused();
    const request = readIssuerRequest(event);
    if (request === null) return json(400, { error: "invalid_request" });
    return route(request).catch((err: unknown) => {
      logError("request failed", { error: String(err) });
      return wantsHtml(request.headers) ? unavailablePage() : unavailableJson();
    });
  };
}

/**
 * A handler for `config` (the parsed EDGE_GATE_CONFIG). Never throws: an
 * invalid config yields a handler that answers every request with 503.
 */
export function createHandler(config: unknown, options: HandlerOptions = {}): CookieIssuerHandler {
  try {
    const parsed = parseConfig(config);
    if (parsed.ok) {
      const deps = createDeps(
        parsed.config,
        options.now ?? Date.now,
        resolveOutboundLimits(options),
      );
      return guarded(createRoutes(deps));
    }
    logError("invalid config", { problems: parsed.problems });
  } catch (err) {
    logError("setup failed", { error: String(err) });
  }
  return refuseEverything;
}

/** The Lambda handler: config as configuredHandler reads it; one access log line per request. */
export const handler = regionalEntry({
  configVariable: CONFIG_VARIABLE,
  build: (config) => createHandler(config),
  noConfig: refuseEverything,
  failed: unavailableJson,
});
