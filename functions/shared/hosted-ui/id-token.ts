// Verification of the ID token the hosted UI returns, with aws-jwt-verify:
// Cognito's issuer and keys, RS256, the app client as audience, token_use
// "id", and the nonce this login sent (OIDC Core 3.1.3.7). JwtVerifier
// rather than CognitoJwtVerifier so the same code accepts a loopback issuer.
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { createJwksCache } from "../jwks-cache";
import { FetchFailedError } from "../json-fetcher";
import { OUTBOUND_LIMITS } from "./outbound-limits";
import type { HostedUiSettings } from "./settings";

/** Bound on a JWKS fetch (outbound-limits.ts). */
const JWKS_TIMEOUT_MS = OUTBOUND_LIMITS.jwksMs;
/** Leeway for exp/iat between Cognito's clock and ours. */
const CLOCK_SKEW_SECONDS = 60;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Who signed in, as the ID token says. */
export interface Identity {
  sub: string;
  username: string;
  groups: string[];
  email?: string;
}

export type IdTokenOutcome =
  | { ok: true; identity: Identity }
  /** The token is not acceptable. */
  | { ok: false; reason: string; keysUnavailable: false }
  /** Cognito's keys could not be fetched: nothing can be judged. */
  | { ok: false; reason: string; keysUnavailable: true };

export type VerifyIdToken = (idToken: string, nonce: string) => Promise<IdTokenOutcome>;

function plainString(value: unknown, maxLength: number): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= maxLength &&
    !CONTROL.test(value)
  );
}

function identityOf(payload: JwtPayload): Identity {
  const { sub } = payload;
  const username = payload["cognito:username"];
  const groups = payload["cognito:groups"] ?? [];
  const email = payload.email;
  if (!plainString(sub, 128)) throw new Error("sub");
  if (!plainString(username, 128)) throw new Error("cognito:username");
  if (!Array.isArray(groups) || !groups.every((g) => plainString(g, 128))) {
    throw new Error("cognito:groups");
  }
  return {
    sub,
    username,
    groups: groups as string[],
    email: plainString(email, 320) ? email : undefined,
  };
}

/** The verifier for `settings`; a JWKS fetch gives up after `jwksTimeoutMs`. */
export function createIdTokenVerifier(
  settings: HostedUiSettings,
  jwksTimeoutMs = JWKS_TIMEOUT_MS,
): VerifyIdToken {
  const verifier = JwtVerifier.create(
    {
      issuer: settings.issuer,
      audience: settings.clientId,
      jwksUri: settings.jwksUri,
      graceSeconds: CLOCK_SKEW_SECONDS,
      customJwtCheck: ({ header, payload }) => {
        if (header.alg !== "RS256") throw new Error("alg");
        if (header.crit !== undefined) throw new Error("crit");
        validateCognitoJwtFields(payload, { tokenUse: "id", clientId: null });
        if (typeof payload.exp !== "number") throw new Error("exp");
      },
    },
    { jwksCache: createJwksCache(jwksTimeoutMs) },
  );

  return async (idToken, nonce) => {
    let payload: JwtPayload;
    try {
      payload = await verifier.verify(idToken);
    } catch (err) {
      const keysUnavailable = err instanceof FetchFailedError;
      return { ok: false, reason: `id token rejected: ${String(err)}`, keysUnavailable };
    }
    if (payload.nonce !== nonce) {
      return { ok: false, reason: "id token nonce mismatch", keysUnavailable: false };
    }
    try {
      return { ok: true, identity: identityOf(payload) };
    } catch (err) {
      return { ok: false, reason: `id token claim ${String(err)}`, keysUnavailable: false };
    }
  };
}
