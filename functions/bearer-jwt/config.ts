// The bearer-JWT viewer-request function's runtime config: rendered into the
// function's config.json by stacks/protection/bearer-jwt.ts and read once, at
// cold start, by functions/bearer-jwt/handler.ts. One type for both sides.
import type { PathRules } from "../shared/path-rules";

/** A JSON Web Key as Cognito publishes it in /.well-known/jwks.json. */
export interface JwkRecord {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  n?: string;
  e?: string;
  [other: string]: unknown;
}

export interface BearerJwtConfig {
  /** Token issuer: https://cognito-idp.<region>.amazonaws.com/<userPoolId> (or a loopback issuer in tests). */
  issuer: string;
  /** Where the issuer's JWKS is fetched when a token names a kid the preloaded JWKS lacks. */
  jwksUri: string;
  /** The issuer's JWKS, read at apply time and preloaded at cold start: no network call on a cold start. */
  jwks: { keys: JwkRecord[] };
  /** App client ids whose access tokens are accepted (`client_id` claim). */
  clientIds: string[];
  /** Leeway for exp/nbf/iat, in seconds. */
  clockSkewSeconds: number;
  /** Time-out of a JWKS fetch, in milliseconds (well under Lambda@Edge's 5 s). */
  jwksFetchTimeoutMs: number;
  /** Query parameter that may carry the token (for <img src> links); null disables it. */
  tokenQueryParameter: string | null;
  /** Where a browser navigation without a valid token is sent (307); null answers 401 instead. */
  loginUrl: string | null;
  /**
   * Origins (scheme://host[:port]) whose browser fetches may read content.
   * Their CORS preflights pass unauthenticated (S3 answers them), and the
   * function's own 4xx/5xx answers carry Access-Control-Allow-Origin for them,
   * so a cross-origin fetch can read the 401 instead of a network error.
   * Empty: no CORS.
   */
  corsAllowedOrigins: string[];
  /** Header that carries the verified `sub` to the origin; any viewer-sent copy is removed. */
  identityHeader: string;
  /** The `realm` in WWW-Authenticate challenges. */
  realm: string;
  rules: PathRules;
}
