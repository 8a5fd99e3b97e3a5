// The session manager's routes under /_identity: login (start a hosted-UI
// login), auth (its callback: create the session), logout (revoke it and
// sign out of the hosted UI) and session (who is signed in; also the sign of
// life the idle timeout counts from).
import { clearCookie, readAllCookies, readOnlyCookie, setCookie } from "../shared/cookies";
import { logoutUrl } from "../shared/hosted-ui/hosted-ui-client";
import { HostedUiLogin } from "../shared/hosted-ui/login-flow";
import { htmlPage, loginFailurePage } from "../shared/hosted-ui/login-failure-page";
import { OPAQUE_ID_PATTERN } from "../shared/session-record";
import type { SessionManagerConfig } from "./config";
import { html, json, methodNotAllowed, redirectTo, type ApiRequest, type ApiResult } from "./http";
import type { SessionStore } from "./session-store";

/** A login must come back from the hosted UI within this time. */
export const LOGIN_TTL_SECONDS = 600;

export interface IdentityRoutesDeps {
  config: SessionManagerConfig;
  store: SessionStore;
  login: HostedUiLogin;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/**
 * Each login's cookie is `<this>-<id>`, beside the session cookie (keeping
 * its __Host- prefix, if any).
 */
export function loginCookiePrefix(sessionCookieName: string): string {
  return `${sessionCookieName}-login`;
}

type Route = (request: ApiRequest) => Promise<ApiResult>;

export function createIdentityRoutes(
  deps: IdentityRoutesDeps,
): (request: ApiRequest) => Promise<ApiResult> {
  const { config, store, login, now } = deps;
  const loginPath = `${config.basePath}/login`;
  const clearSession = () => clearCookie(config.cookieName);
  // A __Host- cookie exists once per host: a second copy was tossed in or
  // forged, so no route ever picks one of several (as the session checker).
  const sessionIdOf = (request: ApiRequest): string | undefined | "ambiguous" => {
    const cookie = readOnlyCookie(request.cookies, config.cookieName);
    if (cookie.kind === "many") return "ambiguous";
    return cookie.kind === "one" && OPAQUE_ID_PATTERN.test(cookie.value) ? cookie.value : undefined;
  };

  const startLogin: Route = async (request) => {
    const started = await login.start(request.query.get("path"), request.cookies);
    return redirectTo(307, started.location, started.setCookies);
  };

  const finishLogin: Route = async (request) => {
    const finished = await login.finish(request.query, request.cookies);
    if (!finished.ok) {
      console.warn(
        JSON.stringify({
          message: "login failed",
          failure: finished.failure,
          detail: finished.detail,
        }),
      );
      const page = loginFailurePage(finished.failure, loginPath, finished.returnPath);
      return html(page, finished.clearLoginCookies);
    }
    const seconds = Math.floor(now() / 1000);
    const { identity } = finished;
    const sessionId = await store.createSession({
      sub: identity.sub,
      username: identity.username,
      groups: identity.groups,
      createdAt: seconds,
      expiresAt: seconds + config.sessionLifetimeSeconds,
      lastSeenAt: seconds,
    });
    console.info(JSON.stringify({ message: "session created", sub: identity.sub }));
    return redirectTo(302, finished.returnPath, [
      setCookie(config.cookieName, sessionId, { maxAge: config.sessionLifetimeSeconds }),
      ...finished.clearLoginCookies,
    ]);
  };

  const logout: Route = async (request) => {
    // Every session presented ends: the user's own and any tossed-in one.
    const sessionIds = readAllCookies(request.cookies, config.cookieName).filter((id) =>
      OPAQUE_ID_PATTERN.test(id),
    );
    for (const id of new Set(sessionIds)) await store.deleteSession(id);
    const afterLogout = new URL(config.afterLogoutPath, config.siteOrigin).toString();
    return redirectTo(302, logoutUrl(config.hostedUi, afterLogout), [clearSession()]);
  };

  const session: Route = async (request) => {
    const sessionId = sessionIdOf(request);
    // Refused without clearing: the host can clear only its own copy, which
    // would leave the tossed one as the only session cookie.
    if (sessionId === "ambiguous") return json(400, { error: "ambiguous_credentials" });
    const record =
      sessionId === undefined
        ? null
        : await store.touchSession(sessionId, Math.floor(now() / 1000), config.idleTimeoutSeconds);
    if (record === null) return json(401, { error: "login_required" }, [clearSession()]);
    return json(200, {
      sub: record.sub,
      username: record.username,
      groups: record.groups,
      expiresAt: record.expiresAt,
    });
  };

  const routes: Record<string, { methods: string[]; route: Route }> = {
    "/login": { methods: ["GET", "HEAD"], route: startLogin },
    "/auth": { methods: ["GET"], route: finishLogin },
    "/logout": { methods: ["GET", "POST"], route: logout },
    "/session": { methods: ["GET"], route: session },
  };

  return async (request) => {
    const name = request.path.startsWith(`${config.basePath}/`)
      ? request.path.slice(config.basePath.length)
      : undefined;
    const entry = name === undefined ? undefined : routes[name];
    if (entry === undefined) return json(404, { error: "not_found" });
    if (!entry.methods.includes(request.method)) return methodNotAllowed(entry.methods);
    return entry.route(request);
  };
}

/** 503 for a browser: the table or Cognito could not be reached; nothing was decided. */
export function unavailablePage(): ApiResult {
  return html(
    htmlPage(
      503,
      "Temporarily unavailable",
      "Sign-in is not available right now. Try again in a moment.",
    ),
  );
}
