// Cognito access-token verification with aws-jwt-verify, shared by the
// bearer-JWT gate and the cookie issuer so both accept exactly the same
// tokens. Each token is read once and its claims checked first: a token they
// refuse costs no signature work and no JWKS fetch. Then the library verifies
// the same decomposed token (key, algorithm, signature, exp/nbf), with
// the JWKS from config preloaded (JwtVerifierBase: CognitoJwtVerifier cannot
// be pointed at a local issuer). Only an unknown kid (key rotation) fetches.
// A token accepted, or refused for its signature, is remembered on the warm
// instance: the images of one page, sent with one token, cost one RSA check.
import {
  JwksNotAvailableInCacheError,
  JwtExpiredError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  KidNotFoundInJwksError,
} from "aws-jwt-verify/error";
import type { Jwks, JwksCache } from "aws-jwt-verify/jwk";
import type { DecomposedJwt } from "aws-jwt-verify/jwt";
import type { JwtHeader, JwtPayload } from "aws-jwt-verify/jwt-model";
import { JwtVerifierBase } from "aws-jwt-verify/jwt-verifier";
import { safeJsonParse } from "aws-jwt-verify/safe-json-parse";
import { FetchFailedError } from "./json-fetcher";
import { createJwksCache } from "./jwks-cache";
import { VerifiedTokenCache } from "./verified-token-cache";
import { isRecord } from "./is-record";

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

/** The token is not acceptable: 401 invalid_token with this fixed description. */
export type Refusal = { readonly ok: false; readonly status: 401; readonly description: string };

export type VerifyOutcome =
  | { readonly ok: true; readonly claims: Claims }
  | Refusal
  /** The keys needed to judge the token could not be obtained: 503, fail closed. */
  | { readonly ok: false; readonly status: 503 };

/**
 * Synchronous unless the token names a kid the preloaded JWKS lacks (a JWKS
 * fetch). `checksB64token`: the verifier refuses as malformed any token that
 * is not an RFC 6750 b64token, so extractCredentials need not scan it too.
 */
export type VerifyToken = ((token: string) => VerifyOutcome | Promise<VerifyOutcome>) & {
  checksB64token?: boolean;
};

const refusal = (description: string): Refusal =>
  Object.freeze({ ok: false, status: 401, description });
const EXPIRED = refusal("The access token expired");
const NOT_YET_VALID = refusal("The access token is not valid yet");
const MALFORMED = refusal("The access token is malformed");
const INVALID = refusal("The access token is invalid");
const UNAVAILABLE: VerifyOutcome = Object.freeze({ ok: false, status: 503 });

/** Verified tokens remembered per warm instance (verified-token-cache.ts). */
export const VERIFIED_TOKENS_CACHED = 1000;
/**
 * Their byte budget: an entry keeps its token (~1 KB from Cognito) to compare
 * hits with, ~1.5 KB in all, and a token's groups can make one longer.
 */
export const VERIFIED_TOKEN_BYTES = 2 * 1024 * 1024;
/**
 * Tokens refused for their signature, remembered apart from the verified
 * ones, so forgeries, however many, never push an accepted token out. Each
 * entry keeps its token (up to 8 KB): the cache's default budget of 1 MiB
 * bounds them in bytes too.
 */
const REFUSED_SIGNATURES_CACHED = 256;

// The library's own test of a JWT's shape (aws-jwt-verify/jwt, decomposeUnverifiedJwt).
const JWT_SHAPE = /^[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}$/;
// What both JWT_SHAPE and an RFC 6750 b64token (shared/bearer-token.ts) allow,
// in one scan: a b64token has "=" only at its end, so only the signature may
// be padded.
const JWT_B64TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+={0,2}$/;

/**
 * Whether JSON text can hold a `__proto__` or `constructor` key: only by
 * spelling it, or by writing it with escapes, which need a backslash.
 */
const mayHoldPrototypeKeys = (json: string) =>
  json.includes("\\") || json.includes("__proto__") || json.includes("constructor");

const isString = (v: unknown) => typeof v === "string";
const isOptionalString = (v: unknown) => v === undefined || typeof v === "string";
const isOptionalNumber = (v: unknown) => v === undefined || Number.isFinite(v);

function parseSegment(segment: string): Record<string, unknown> | null {
  let json: string;
  let value: unknown;
  try {
    json = Buffer.from(segment, "base64url").toString("utf8");
    // The library's own parse, which drops those keys at every depth, costs
    // more than the plain one: text that cannot hold them skips it.
    value = mayHoldPrototypeKeys(json) ? safeJsonParse(json) : JSON.parse(json);
  } catch {
    return null;
  }
  return isRecord(value) ? value : null;
}

// Every token an issuer signs with one key carries the same header text:
// its parse is kept, by the exact text. Bounded: a full table starts over.
const HEADERS_KEPT = 16;
const parsedHeaders = new Map<string, Readonly<Record<string, unknown>>>();

/** The parsed header of `headerB64` if it is a JWT header (alg and kid strings if present), or null. */
function parsedHeader(headerB64: string): Readonly<Record<string, unknown>> | null {
  const kept = parsedHeaders.get(headerB64);
  if (kept !== undefined) return kept;
  const header = parseSegment(headerB64);
  if (header === null || !isOptionalString(header.alg) || !isOptionalString(header.kid)) {
    return null;
  }
  if (parsedHeaders.size >= HEADERS_KEPT) parsedHeaders.clear();
  // Frozen: every token with this header shares the object, and nothing writes to it.
  const shared = Object.freeze(header);
  parsedHeaders.set(headerB64, shared);
  return shared;
}

/**
 * The token's parts, or null where the library's decomposeUnverifiedJwt
 * throws (malformed): same shape test, decoding, prototype-key removal and
 * claim types, tested against it on every kind of input. Its reviver-based
 * JSON parse alone costs more than the rest of a refusal.
 */
export function decomposeToken(token: string): DecomposedJwt | null {
  return JWT_SHAPE.test(token) ? decomposeShaped(token) : null;
}

/** decomposeToken for a token already known to have JWT_SHAPE. */
function decomposeShaped(token: string): DecomposedJwt | null {
  const firstDot = token.indexOf(".");
  const secondDot = token.indexOf(".", firstDot + 1);
  const headerB64 = token.slice(0, firstDot);
  const payloadB64 = token.slice(firstDot + 1, secondDot);
  const signatureB64 = token.slice(secondDot + 1);
  const header = parsedHeader(headerB64);
  if (header === null) return null;
  const payload = parseSegment(payloadB64);
  if (
    payload === null ||
    !isOptionalNumber(payload.exp) ||
    !isOptionalNumber(payload.nbf) ||
    !isOptionalNumber(payload.iat) ||
    !isOptionalString(payload.iss) ||
    !isOptionalString(payload.sub) ||
    !isOptionalString(payload.scope) ||
    !isOptionalString(payload.jti)
  ) {
    return null;
  }
  const { aud } = payload;
  const audOk = isOptionalString(aud) || (Array.isArray(aud) && aud.every(isString));
  if (!audOk) return null;
  return { header, headerB64, payload, payloadB64, signatureB64 } as DecomposedJwt;
}

/** What the claims of an acceptable token must say. */
export interface ClaimRules {
  issuer: string;
  clientIds: readonly string[];
  clockSkewSeconds: number;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The refusal the unverified header and claims already call for, or null.
 * It can only refuse: a null sends the token on to the library, which
 * checks the signature and exp/nbf/iss again. Checks and descriptions come
 * in the order a full verification reported them (algorithm and kid,
 * exp, nbf, iss, then the Cognito and edge-gate rules), so a correctly
 * signed token gets the same answer as before.
 */
export function refusalBeforeSignature(
  header: JwtHeader,
  payload: JwtPayload,
  rules: ClaimRules,
  nowSeconds: number,
): Refusal | null {
  // Cognito signs with RS256 only; the library would also take RS384/ES256/EdDSA.
  if (header.alg !== "RS256" || typeof header.kid !== "string") return INVALID;
  const skew = rules.clockSkewSeconds;
  const { exp, nbf, iat, sub } = payload;
  // The library's own comparisons (validateJwtFields), with the same leeway.
  if (typeof exp === "number" && exp + skew < nowSeconds) return EXPIRED;
  if (typeof nbf === "number" && nbf - skew > nowSeconds) return NOT_YET_VALID;
  if (payload.iss !== rules.issuer) return INVALID;
  // RFC 7515 4.1.11: extensions listed in crit must be understood; none are.
  if (header.crit !== undefined) return INVALID;
  // Cognito access tokens carry client_id, not aud.
  const clientId = payload.client_id;
  if (payload.token_use !== "access" || typeof clientId !== "string") return INVALID;
  if (!rules.clientIds.includes(clientId)) return INVALID;
  // The library checks exp only when present; an access token without one never expires.
  if (typeof exp !== "number") return INVALID;
  if (typeof iat === "number" && iat - skew > nowSeconds) return INVALID;
  // sub becomes a request header value: it must exist and be header-safe.
  if (typeof sub !== "string" || sub.length === 0 || sub.length > 1024 || CONTROL.test(sub)) {
    return INVALID;
  }
  return null;
}

type Accepted = Extract<VerifyOutcome, { ok: true }>;

/** The outcome a verified payload yields, frozen: the cache hands the same object to every hit. */
export function acceptedOutcome(payload: JwtPayload): Accepted {
  const groups = payload["cognito:groups"];
  const valid = Array.isArray(groups) && groups.every(isString);
  // Frozen to the array: every hit shares it.
  const claims = Object.freeze({
    sub: payload.sub as string,
    groups: Object.freeze(valid ? (groups as string[]) : []),
  });
  return Object.freeze({ ok: true, claims });
}

/** Bytes an accepted outcome holds beyond fixed overheads: its strings. */
const sizeOfAccepted = ({ claims }: Accepted) =>
  claims.groups.reduce((bytes, group) => bytes + 16 + group.length, claims.sub.length);

/** The verifier's memory of accepted tokens: bounded in entries and bytes. */
export function createVerifiedTokens(clockSkewSeconds: number): VerifiedTokenCache<Accepted> {
  return new VerifiedTokenCache<Accepted>(VERIFIED_TOKENS_CACHED, clockSkewSeconds, {
    maxBytes: VERIFIED_TOKEN_BYTES,
    sizeOf: sizeOfAccepted,
  });
}

/** Why the library refused a token whose claims had passed. */
function refusalFor(err: unknown): VerifyOutcome {
  // Only a failed JWKS fetch is the issuer's fault; an unknown kid after a
  // good fetch (or during the library's penalty box) is the token's.
  if (err instanceof FetchFailedError) return UNAVAILABLE;
  if (err instanceof JwtExpiredError) return EXPIRED;
  if (err instanceof JwtNotBeforeError) return NOT_YET_VALID;
  if (err instanceof JwtParseError) return MALFORMED;
  return INVALID;
}

type LibraryProps = { issuer: null; audience: null; jwksUri: string; graceSeconds: number };

/**
 * The library's verifier, with its verification of an already decomposed
 * token made callable: `verifyDecomposedJwtSync` and `verifyDecomposedJwt`
 * are protected members of JwtVerifierBase, meant for subclasses.
 */
class DecomposedJwtVerifier extends JwtVerifierBase<LibraryProps, LibraryProps, false> {
  constructor(
    private readonly props: LibraryProps,
    jwksCache: JwksCache,
  ) {
    super(props, jwksCache);
  }

  /** Throws KidNotFoundInJwksError when the cached JWKS lacks the token's kid. */
  verifyCached(jwt: DecomposedJwt): JwtPayload {
    // The library refuses by throwing, and nothing here reads a refusal's
    // stack: not capturing one makes a bad signature cheaper to refuse.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return this.verifyDecomposedJwtSync(jwt, this.props.jwksUri, this.props);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  /** Fetches the JWKS once if it lacks the token's kid. */
  verifyFetching(jwt: DecomposedJwt): Promise<JwtPayload> {
    return this.verifyDecomposedJwt(jwt, this.props.jwksUri, this.props);
  }
}

/** Builds the verifier for `config` (already validated) and preloads its JWKS. */
export function createAccessTokenVerifier(config: AccessTokenSettings): VerifyToken {
  const verifier = new DecomposedJwtVerifier(
    {
      // refusalBeforeSignature has compared iss exactly, and only a token it
      // passes reaches the library: a second comparison would repeat it.
      issuer: null,
      audience: null, // Cognito access tokens carry client_id, not aud: refusalBeforeSignature.
      jwksUri: config.jwksUri,
      graceSeconds: config.clockSkewSeconds,
    },
    createJwksCache(config.jwksFetchTimeoutMs),
  );
  verifier.cacheJwks(config.jwks as Jwks);
  const rules: ClaimRules = {
    issuer: config.issuer,
    clientIds: [...config.clientIds],
    clockSkewSeconds: config.clockSkewSeconds,
  };
  const verified = createVerifiedTokens(config.clockSkewSeconds);
  // A signature's verdict cannot change on a warm instance: the library keeps
  // the key it made for a kid (KeyObjectCache) for the instance's life. The
  // refusal is given where the signature check would run, after the claims,
  // so a remembered token that has since expired is answered "expired".
  const refusedSignatures = new VerifiedTokenCache<Refusal>(
    REFUSED_SIGNATURES_CACHED,
    config.clockSkewSeconds,
  );

  const accept = (token: string, payload: JwtPayload): Accepted => {
    const accepted = acceptedOutcome(payload);
    // refusalBeforeSignature guarantees a numeric exp.
    verified.set(token, {
      value: accepted,
      exp: payload.exp as number,
      nbf: typeof payload.nbf === "number" ? payload.nbf : undefined,
    });
    return accepted;
  };

  const verify: VerifyToken = (token) => {
    try {
      const now = Date.now() / 1000;
      const hit = verified.get(token, now);
      if (hit !== undefined) return hit;
      // The one scan of a new token's characters: a b64token and a JWT.
      const jwt = JWT_B64TOKEN.test(token) ? decomposeShaped(token) : null;
      if (jwt === null) return MALFORMED;
      const early = refusalBeforeSignature(jwt.header, jwt.payload, rules, now);
      if (early !== null) return early;
      const refused = refusedSignatures.get(token, now);
      if (refused !== undefined) return refused;
      try {
        return accept(token, verifier.verifyCached(jwt));
      } catch (err) {
        // refusalFor answers it INVALID; refusalBeforeSignature guarantees a numeric exp.
        if (err instanceof JwtInvalidSignatureError) {
          refusedSignatures.set(token, { value: INVALID, exp: jwt.payload.exp as number });
        }
        // Only a kid the cached JWKS lacks takes the asynchronous path,
        // which may fetch the JWKS once.
        if (err instanceof KidNotFoundInJwksError || err instanceof JwksNotAvailableInCacheError) {
          return verifier.verifyFetching(jwt).then((payload) => accept(token, payload), refusalFor);
        }
        return refusalFor(err);
      }
    } catch (err) {
      return refusalFor(err);
    }
  };
  verify.checksB64token = true;
  return verify;
}
