// Regional Lambda at a function URL that only the distribution may invoke
// (payload 2.0), on /_identity/*: runs the hosted-UI login and manages
// sessions in the session table. I/O only: a request that skipped CloudFront
// is refused first; config from its SSM parameter (or EDGE_GATE_CONFIG
// inline); any failure becomes a 503 page, never a stack trace.
import { createIdTokenVerifier } from "../shared/hosted-ui/id-token";
import { HostedUiLogin } from "../shared/hosted-ui/login-flow";
import { resolveOutboundLimits, type OutboundOverrides } from "../shared/hosted-ui/outbound-limits";
import { cameThroughCloudFront, directRequestRefused } from "../shared/origin-request";
import { regionalEntry } from "../shared/regional-entry";
import { CONFIG_VARIABLE } from "./config";
import { json, readApiRequest, type ApiResult } from "./http";
import {
  createIdentityRoutes,
  LOGIN_TTL_SECONDS,
  loginCookiePrefix,
  unavailablePage,
} from "./identity-routes";
import { parseConfig } from "./parse-config";
import { SessionStore } from "./session-store";
import { logError } from "../shared/log";

export type { ApiResult };
export type SessionManagerHandler = (event: unknown) => Promise<ApiResult>;

/**
 * `outboundTimeoutMs` replaces the time limit of every outbound call (the
 * table, the hosted UI's token endpoint, its JWKS) and `outboundTimeouts`
 * that of one kind (tests: a loaded machine must make a login slower, never
 * fail it; one dependency hangs). Production leaves both unset and keeps the
 * limits of outbound-limits.ts.
 */
export interface HandlerOptions extends OutboundOverrides {
  /** Milliseconds since the epoch (tests move time). */
  now?: () => number;
}

const refuseEverything: SessionManagerHandler = async () => unavailablePage();

/** A handler for `config` (the parsed EDGE_GATE_CONFIG). Never throws. */
export function createHandler(
  config: unknown,
  options: HandlerOptions = {},
): SessionManagerHandler {
  try {
    const parsed = parseConfig(config);
    if (!parsed.ok) {
      logError("invalid config", { problems: parsed.problems });
      return refuseEverything;
    }
    const settings = parsed.config;
    const now = options.now ?? Date.now;
    const limits = resolveOutboundLimits(options);
    const store = new SessionStore(settings.table, limits.aws);
    const login = new HostedUiLogin({
      settings: settings.hostedUi,
      redirectUri: new URL(`${settings.basePath}/auth`, settings.siteOrigin).toString(),
      loginCookiePrefix: loginCookiePrefix(settings.cookieName),
      loginTtlSeconds: LOGIN_TTL_SECONDS,
      store,
      verifyIdToken: createIdTokenVerifier(settings.hostedUi, limits.jwksMs),
      now,
      callTimeoutMs: limits.tokenEndpointMs,
    });
    const route = createIdentityRoutes({ config: settings, store, login, now });
    return async (event) => {
      if (!cameThroughCloudFront(event)) return directRequestRefused();
      const request = readApiRequest(event);
      if (request === null) return json(400, { error: "invalid_request" });
      try {
        return await route(request);
      } catch (err) {
        logError("request failed", { error: String(err) });
        return unavailablePage();
      }
    };
  } catch (err) {
    logError("setup failed", { error: String(err) });
    return refuseEverything;
  }
}

/** The Lambda handler: config as configuredHandler reads it; one access log line per request. */
export const handler = regionalEntry({
  configVariable: CONFIG_VARIABLE,
  build: (config) => createHandler(config),
  noConfig: unavailablePage,
  failed: unavailablePage,
});
