// The Cognito hosted UI's OAuth2 endpoints, as a public client (no secret)
// calls them: the authorize URL, the code exchange and token revocation at
// /oauth2/token and /oauth2/revoke, and the /logout URL. Every call is
// bounded in time and any unexpected answer is a failure, never a throw.
import { readCappedBody } from "../capped-body";
import { deadline, OUTBOUND_LIMITS } from "./outbound-limits";
import type { HostedUiSettings } from "./settings";

/** Bound on one call to Cognito, connection to last byte (outbound-limits.ts). */
const CALL_TIMEOUT_MS = OUTBOUND_LIMITS.tokenEndpointMs;
/** Token responses are a few KB; anything much larger is not one. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface AuthorizeRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

/** GET <hosted UI>/oauth2/authorize with the code flow and PKCE S256. */
export function authorizeUrl(settings: HostedUiSettings, request: AuthorizeRequest): string {
  const url = new URL("/oauth2/authorize", settings.baseUrl);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: settings.clientId,
    redirect_uri: request.redirectUri,
    scope: settings.scopes.join(" "),
    state: request.state,
    nonce: request.nonce,
    code_challenge: request.codeChallenge,
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

/** Cognito's /logout: ends the hosted-UI session, then sends the browser to `logoutUri`. */
export function logoutUrl(settings: HostedUiSettings, logoutUri: string): string {
  const url = new URL("/logout", settings.baseUrl);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    logout_uri: logoutUri,
  }).toString();
  return url.toString();
}

export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
}

export type ExchangeOutcome =
  { ok: true; tokens: TokenSet } | { ok: false; reason: string; status?: number; error?: string };

async function postForm(
  settings: HostedUiSettings,
  path: string,
  form: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  // One limit for the whole exchange: a server that never answers, or
  // trickles its body, is given up on alike.
  const limit = deadline(timeoutMs);
  try {
    const response = await fetch(new URL(path, settings.baseUrl), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams(form).toString(),
      redirect: "error",
      signal: limit.signal,
    });
    const body = await readCappedBody(response, MAX_RESPONSE_BYTES);
    // Decoded as response.text() decodes: UTF-8, a leading BOM dropped, bad bytes replaced.
    return { status: response.status, text: await body.text() };
  } finally {
    limit.disarm();
  }
}

function errorCode(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null && "error" in body) {
      const { error } = body as { error: unknown };
      if (typeof error === "string") return error.slice(0, 64);
    }
  } catch {
    // Not JSON: no error code to report.
  }
  return undefined;
}

/** Redeems an authorization code (RFC 6749 4.1.3 with the RFC 7636 code_verifier). */
export async function exchangeCode(
  settings: HostedUiSettings,
  request: { code: string; codeVerifier: string; redirectUri: string },
  timeoutMs = CALL_TIMEOUT_MS,
): Promise<ExchangeOutcome> {
  let answer: { status: number; text: string };
  try {
    answer = await postForm(
      settings,
      "/oauth2/token",
      {
        grant_type: "authorization_code",
        client_id: settings.clientId,
        code: request.code,
        redirect_uri: request.redirectUri,
        code_verifier: request.codeVerifier,
      },
      timeoutMs,
    );
  } catch (err) {
    // Unreachable, too slow or too large: the error says which (logged, never shown).
    return { ok: false, reason: `token endpoint call failed: ${String(err)}` };
  }
  if (answer.status !== 200) {
    return {
      ok: false,
      reason: "token endpoint refused the code",
      status: answer.status,
      error: errorCode(answer.text),
    };
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "token response is not JSON", status: 200 };
  }
  const { id_token: idToken, access_token: accessToken, refresh_token: refreshToken } = body;
  if (typeof idToken !== "string" || typeof accessToken !== "string") {
    return { ok: false, reason: "token response lacks id_token or access_token", status: 200 };
  }
  return {
    ok: true,
    tokens: {
      idToken,
      accessToken,
      refreshToken: typeof refreshToken === "string" ? refreshToken : undefined,
    },
  };
}

/**
 * Revokes a refresh token (RFC 7009 at Cognito's /oauth2/revoke), which also
 * ends the access tokens issued with it. True when Cognito confirmed it.
 */
export async function revokeToken(
  settings: HostedUiSettings,
  token: string,
  timeoutMs = CALL_TIMEOUT_MS,
): Promise<boolean> {
  try {
    const answer = await postForm(
      settings,
      "/oauth2/revoke",
      { token, client_id: settings.clientId },
      timeoutMs,
    );
    return answer.status === 200;
  } catch {
    return false;
  }
}
