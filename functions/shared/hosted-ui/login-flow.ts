// One hosted-UI login, used by every mode that signs browsers in (session
// manager, cookie issuer): start = a short-lived login record (state, nonce,
// PKCE verifier, return path) behind a login cookie of its own, named after
// its state, and a redirect to /oauth2/authorize; finish = the callback,
// which finds the cookie its state names, takes (and so deletes) that
// record only, checks state, redeems the code with the verifier and verifies
// the ID token. Logins in several tabs of one browser thus each complete.
// What the caller does with the identity is its own business.
import { timingSafeEqual } from "node:crypto";
import { clearCookie, readOnlyCookie, setCookie } from "../cookies";
import { newOpaqueId, type LoginRecord } from "../session-record";
import { authorizeUrl, exchangeCode, revokeToken } from "./hosted-ui-client";
import type { Identity, VerifyIdToken } from "./id-token";
import {
  heldLoginCookies,
  loginCookieId,
  loginCookieName,
  loginCookiesToDrop,
  loginCookieValue,
  parseLoginCookieValue,
} from "./login-cookies";
import { newPkcePair } from "./pkce";
import { safeReturnPath } from "./safe-return-path";
import type { HostedUiSettings } from "./settings";

/**
 * Where login records live between the redirect and the callback: a table
 * keyed by a random id (the session manager), or the login cookie itself,
 * sealed (the cookie issuer). Either way the browser holds only the login
 * cookie's value, which `save` chooses and `take` reads back.
 */
export interface LoginStore {
  /** Keeps `record` and returns the login cookie's value (at most 3072 of [A-Za-z0-9_.~-]). */
  save(record: LoginRecord): Promise<string>;
  /**
   * The record behind a login cookie's value if it was saved for `state`,
   * made unusable for a second callback where the store can; null when there
   * is none (never made, tampered with, already used, or another login's).
   * A record saved for another state is left untouched.
   */
  take(loginCookieValue: string, state: string): Promise<LoginRecord | null>;
}

export interface LoginFlowOptions {
  settings: HostedUiSettings;
  /** The callback URL registered with the app client (absolute). */
  redirectUri: string;
  /** Each login's cookie is named `<prefix>-<id derived from its state>`. */
  loginCookiePrefix: string;
  /** How long a login may take between redirect and callback. */
  loginTtlSeconds: number;
  store: LoginStore;
  verifyIdToken: VerifyIdToken;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** Time limit of each call to the hosted UI (code exchange, revocation); default its own. */
  callTimeoutMs?: number;
}

export interface StartedLogin {
  /** The hosted UI's authorize URL. */
  location: string;
  /**
   * Set-Cookie values: the login cookie binding this browser to the login
   * record, and the removal of older login cookies beyond the limits
   * (login-cookies.ts).
   */
  setCookies: string[];
}

/** Why a callback did not end in a signed-in user; each has its own page. */
export type LoginFailure =
  | "access_denied"
  | "cognito_error"
  | "no_login_cookie"
  | "unknown_login"
  | "expired_login"
  | "state_mismatch"
  | "missing_code"
  | "exchange_failed"
  | "invalid_id_token"
  | "keys_unavailable";

export type FinishedLogin =
  | { ok: true; identity: Identity; returnPath: string; clearLoginCookies: string[] }
  | {
      ok: false;
      failure: LoginFailure;
      /** For logs only: never shown to the browser. */
      detail: string;
      /** Where a fresh login should return to, when the record said so. */
      returnPath: string;
      /** The removal of this callback's own login cookie, when the browser sent it; nothing else. */
      clearLoginCookies: string[];
    };

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The single value of a query parameter; null when absent or repeated. */
function single(query: URLSearchParams, name: string): string | null {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : null;
}

export class HostedUiLogin {
  private readonly now: () => number;

  constructor(private readonly options: LoginFlowOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Records a new login and sends the browser to the hosted UI. The
   * browser's other logins in progress (its `cookieHeaders`) keep their
   * cookies, up to the limits of login-cookies.ts; older ones are removed.
   */
  async start(
    requestedPath: string | null | undefined,
    cookieHeaders: readonly string[] = [],
  ): Promise<StartedLogin> {
    const { settings, redirectUri, loginTtlSeconds, loginCookiePrefix } = this.options;
    const pkce = newPkcePair();
    const nowMs = this.now();
    const record: LoginRecord = {
      state: newOpaqueId(),
      nonce: newOpaqueId(),
      codeVerifier: pkce.verifier,
      returnPath: safeReturnPath(requestedPath),
      expiresAt: Math.floor(nowMs / 1000) + loginTtlSeconds,
    };
    const value = loginCookieValue(nowMs, await this.options.store.save(record));
    const name = `${loginCookiePrefix}-${loginCookieId(record.state)}`;
    const held = heldLoginCookies(cookieHeaders, loginCookiePrefix);
    const dropped = loginCookiesToDrop(
      held,
      name.length + value.length + 3,
      nowMs,
      loginTtlSeconds,
    );
    return {
      location: authorizeUrl(settings, {
        redirectUri,
        state: record.state,
        nonce: record.nonce,
        codeChallenge: pkce.challenge,
      }),
      setCookies: [
        setCookie(name, value, { maxAge: loginTtlSeconds }),
        ...dropped.map((old) => clearCookie(old)),
      ],
    };
  }

  /**
   * Judges the hosted UI's callback. Only the login its state names is
   * looked at, taken and its cookie cleared: the browser's other logins in
   * progress stay usable by their own callbacks.
   */
  async finish(query: URLSearchParams, cookieHeaders: readonly string[]): Promise<FinishedLogin> {
    const { loginCookiePrefix } = this.options;
    const state = single(query, "state");
    const ownName = state === null ? null : loginCookieName(loginCookiePrefix, state);
    // This login's cookie exactly once: a second copy was tossed in from a
    // related domain (login CSRF) or forged, and neither is taken.
    const own =
      ownName === null ? { kind: "none" as const } : readOnlyCookie(cookieHeaders, ownName);
    const ownCookie = own.kind === "one" ? own.value : undefined;
    const clearLoginCookies =
      ownName !== null && ownCookie !== undefined ? [clearCookie(ownName)] : [];
    const fail = (failure: LoginFailure, detail: string, returnPath = "/"): FinishedLogin => ({
      ok: false,
      failure,
      detail,
      returnPath,
      clearLoginCookies,
    });

    // Taking the record first makes every callback single-use, whatever
    // follows; the store gives it up only for the state it was saved with.
    const stored = ownCookie === undefined ? null : parseLoginCookieValue(ownCookie);
    const record =
      stored === null || state === null
        ? null
        : await this.options.store.take(stored.storeValue, state);
    const returnPath = record?.returnPath ?? "/";

    const error = query.get("error");
    if (error !== null) {
      const failure = error === "access_denied" ? "access_denied" : "cognito_error";
      return fail(failure, `hosted UI returned error ${error.slice(0, 64)}`, returnPath);
    }
    if (own.kind === "many") {
      return fail("state_mismatch", "more than one login cookie for this state", returnPath);
    }
    if (ownCookie === undefined) {
      // Other logins of this browser, but none for this state: a forged or
      // foreign state, or a login replaced by newer ones in other tabs.
      return heldLoginCookies(cookieHeaders, loginCookiePrefix).length > 0
        ? fail("state_mismatch", "no login of this browser has this state")
        : fail("no_login_cookie", "callback without a login cookie");
    }
    if (record === null) return fail("unknown_login", "login record missing or already used");
    if (record.expiresAt <= Math.floor(this.now() / 1000)) {
      return fail("expired_login", "login record expired", returnPath);
    }
    // The store matched the state already; compared again here, in constant time.
    if (state === null || !sameSecret(state, record.state)) {
      return fail("state_mismatch", "state does not match the login record", returnPath);
    }
    const code = single(query, "code");
    if (code === null || code.length === 0 || code.length > 2048) {
      return fail("missing_code", "callback without a usable code", returnPath);
    }

    const { settings, redirectUri, callTimeoutMs } = this.options;
    const exchanged = await exchangeCode(
      settings,
      { code, codeVerifier: record.codeVerifier, redirectUri },
      callTimeoutMs,
    );
    if (!exchanged.ok) {
      const detail = `${exchanged.reason} (status ${exchanged.status ?? "none"}, ${exchanged.error ?? "no error code"})`;
      return fail("exchange_failed", detail, returnPath);
    }
    // edge-gate keeps its own session: Cognito's refresh token must not
    // outlive this request, whatever the ID token turns out to be.
    const { refreshToken } = exchanged.tokens;
    const revoked =
      refreshToken === undefined ? true : revokeToken(settings, refreshToken, callTimeoutMs);

    const verified = await this.options.verifyIdToken(exchanged.tokens.idToken, record.nonce);
    if ((await revoked) === false) {
      console.warn(JSON.stringify({ message: "refresh token revocation failed" }));
    }
    if (!verified.ok) {
      const failure = verified.keysUnavailable ? "keys_unavailable" : "invalid_id_token";
      return fail(failure, verified.reason, returnPath);
    }
    return { ok: true, identity: verified.identity, returnPath, clearLoginCookies };
  }
}
