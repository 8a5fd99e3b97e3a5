// The cookie issuer's runtime config: one JSON environment variable
// (EDGE_GATE_CONFIG) rendered by stacks/protection/signed-cookie.ts and read
// once per container by functions/cookie-issuer/handler.ts. One type for both.
import type { JwkRecord } from "../bearer-jwt/config";
import type { HostedUiSettings } from "../shared/hosted-ui/settings";
import type { GroupPrefixRule } from "../shared/path-rules";

export const CONFIG_VARIABLE = "EDGE_GATE_CONFIG";

export interface SigningKeyConfig {
  /** CloudFront public key id (aws_cloudfront_public_key.id): the CloudFront-Key-Pair-Id value. */
  keyPairId: string;
  /** Secrets Manager secret (ARN or name) whose SecretString is the PKCS#8 PEM private key. */
  secretId: string;
}

export interface CookieIssuerConfig {
  /** The viewer-facing origin, e.g. https://d111.cloudfront.net or https://files.example.com. */
  siteOrigin: string;
  /** Path prefix the API is routed under on the distribution ("/_auth"). */
  basePath: string;
  /** Cognito hosted UI, the app client browsers log in with, and the token issuer. */
  hostedUi: HostedUiSettings;
  /** The issuer's JWKS, read at apply time and preloaded: a cold start verifies without a fetch. */
  jwks: { keys: JwkRecord[] };
  /** App clients whose access tokens /_auth/cookies accepts (`client_id` claim). */
  accessTokenClientIds: string[];
  /** The active signing key. */
  signingKey: SigningKeyConfig;
  /** "SHA256" adds CloudFront-Hash-Algorithm=SHA256; "SHA1" is CloudFront's default. */
  hashAlgorithm: "SHA256" | "SHA1";
  secretsManager: {
    region: string;
    /** Endpoint URL; null for the region's default. A loopback URL in tests. */
    endpoint: string | null;
  };
  /** Lifetime of issued cookies (the policy's DateLessThan is now + this). */
  cookieLifetimeSeconds: number;
  /** Lifetime of a signed URL from /_auth/url. */
  signedUrlLifetimeSeconds: number;
  /** Domain attribute for the cookies: only with a custom domain; null otherwise. */
  cookieDomain: string | null;
  /** Which prefixes a user gets cookies for: the bearer-JWT rule vocabulary. */
  rules: {
    groupPrefixes: GroupPrefixRule[];
    /** Templates with a `{sub}` segment. */
    userPrefixes: string[];
  };
  /** Origins whose pages may call /_auth/cookies with credentials (CORS); empty: none. */
  corsAllowedOrigins: string[];
  /** Same-site path the hosted UI's logout returns to. */
  afterLogoutPath: string;
}
