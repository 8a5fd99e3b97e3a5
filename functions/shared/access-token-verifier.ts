// Cognito access-token verification with aws-jwt-verify, shared by the
// bearer-JWT gate and the cookie issuer so both accept exactly the same
// tokens. JwtVerifier rather than CognitoJwtVerifier: the latter derives
// issuer and JWKS URI from a pool id and so cannot be pointed at a local
// issuer; Cognito's own claim rules are applied through the library's
// validateCognitoJwtFields instead. The JWKS from config is preloaded, so a
// cold start verifies without any network call; only an unknown kid (key
// rotation) triggers a fetch.
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import {
  JwksNotAvailableInCacheError,
  JwtExpiredError,
  JwtNotBeforeError,
  JwtParseError,
  KidNotFoundInJwksError,
} from "aws-jwt-verify/error";
import type { Jwks } from "aws-jwt-verify/jwk";
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import type { JwtHeader, JwtPayload } from "aws-jwt-verify/jwt-model";
import { FetchFailedError } from "./json-fetcher";
import { createJwksCache } from "./jwks-cache";
import { VerifiedTokenCache } from "./verified-token-cache";

/** What access decisions need from a verified access token. */
export interface Claims {
  sub: string;
  /** The `cognito:groups` claim; empty when absent or not an array of strings. */
  groups: readonly string[];
}

/** Which tokens a verifier accepts: one user pool, its keys and the allowed app clients. */
export interface AccessTokenSettings {
  /** Token issuer: https://cognito-idp.<region>.amazonaws.com/<userPoolId> (or a loopback issuer). */
  issuer: string;
  /** Where the JWKS is fetched when a token names a kid the preloaded JWKS lacks. */
  jwksUri: string;
  /** The issuer's JWKS, preloaded: no network call on a cold start. */
  jwks: { keys: object[] };
  /** App client ids whose access tokens are accepted (`client_id` claim). */
  clientIds: string[];
  /** Leeway for exp/nbf/iat, in seconds. */
  clockSkewSeconds: number;
  /** Time-out of a JWKS fetch, in milliseconds. */
  jwksFetchTimeoutMs: number;
}

export type VerifyOutcome =
  | { ok: true; claims: Claims }
  /** The token is not acceptable: 401 invalid_token with this fixed description. */
  | { ok: false; status: 401; description: string }
  /** The keys needed to judge the token could not be obtained: 503, fail closed. */
  | { ok: false; status: 503 };

export type VerifyToken = (token: string) => Promise<VerifyOutcome>;

class UnacceptableTokenError extends Error {}

/** Verified tokens remembered per warm instance: ~1 KB each, well within 128 MB. */
const VERIFIED_TOKENS_CACHED = 1000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks beyond the library's: Cognito's algorithm and the claims this function relies on. */
function checkToken(header: JwtHeader, payload: JwtPayload, config: AccessTokenSettings): void {
  // Cognito signs with RS256 only; the library would also take RS384/ES256/EdDSA.
  if (header.alg !== "RS256") throw new UnacceptableTokenError("alg");
  // RFC 7515 4.1.11: extensions listed in crit must be understood; none are.
  if (header.crit !== undefined) throw new UnacceptableTokenError("crit");
  validateCognitoJwtFields(payload, { tokenUse: "access", clientId: config.clientIds });
  // The library checks exp only when present; an access token without one never expires.
  if (typeof payload.exp !== "number") throw new UnacceptableTokenError("exp");
  if (
    typeof payload.iat === "number" &&
    payload.iat - config.clockSkewSeconds > Date.now() / 1000
  ) {
    throw new UnacceptableTokenError("iat");
  }
  // sub becomes a request header value: it must exist and be header-safe.
  const { sub } = payload;
  if (typeof sub !== "string" || sub.length === 0 || sub.length > 1024 || CONTROL.test(sub)) {
    throw new UnacceptableTokenError("sub");
  }
}

function claimsOf(payload: JwtPayload): Claims {
  const groups = payload["cognito:groups"];
  const valid = Array.isArray(groups) && groups.every((g) => typeof g === "string");
  return { sub: payload.sub as string, groups: valid ? (groups as string[]) : [] };
}

function describe(err: unknown): string {
  if (err instanceof JwtExpiredError) return "The access token expired";
  if (err instanceof JwtNotBeforeError) return "The access token is not valid yet";
  if (err instanceof JwtParseError) return "The access token is malformed";
  return "The access token is invalid";
}

/** Builds the verifier for `config` (already validated) and preloads its JWKS. */
export function createAccessTokenVerifier(config: AccessTokenSettings): VerifyToken {
  const jwksCache = createJwksCache(config.jwksFetchTimeoutMs);
  const verifier = JwtVerifier.create(
    {
      issuer: config.issuer,
      audience: null, // Cognito access tokens carry client_id, not aud; checked in checkToken.
      jwksUri: config.jwksUri,
      graceSeconds: config.clockSkewSeconds,
      customJwtCheck: ({ header, payload }) => checkToken(header, payload, config),
    },
    { jwksCache },
  );
  verifier.cacheJwks(config.jwks as Jwks);

  // The usual token names a cached kid: verify synchronously (no promise
  // chain through the JWKS cache). Only a kid the cache lacks takes the
  // asynchronous path, which may fetch the JWKS once.
  const verifyCachedFirst = async (token: string) => {
    try {
      return verifier.verifySync(token);
    } catch (err) {
      if (err instanceof KidNotFoundInJwksError || err instanceof JwksNotAvailableInCacheError) {
        return verifier.verify(token);
      }
      throw err;
    }
  };

  const verified = new VerifiedTokenCache<Claims>(VERIFIED_TOKENS_CACHED, config.clockSkewSeconds);

  return async (token) => {
    try {
      const hit = verified.get(token, Date.now() / 1000);
      if (hit !== undefined) return { ok: true, claims: hit };
      const payload = await verifyCachedFirst(token);
      const claims = Object.freeze(claimsOf(payload));
      // checkToken guarantees a numeric exp.
      verified.set(token, {
        value: claims,
        exp: payload.exp as number,
        nbf: typeof payload.nbf === "number" ? payload.nbf : undefined,
      });
      return { ok: true, claims };
    } catch (err) {
      // Only a failed JWKS fetch is the issuer's fault; an unknown kid after a
      // good fetch (or during the library's penalty box) is the token's.
      if (err instanceof FetchFailedError) return { ok: false, status: 503 };
      return { ok: false, status: 401, description: describe(err) };
    }
  };
}
