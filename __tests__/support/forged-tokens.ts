// Forged, broken and misused Cognito access tokens that no verifier in
// edge-gate may accept, whatever it guards: the bearer-JWT gate and the
// cookie issuer both run this corpus. Each entry forges from the genuine
// signing key and issuer of the test it runs in.
import {
  accessTokenClaims,
  b64url,
  CLIENT_ID,
  generateSigningKey,
  nowSeconds,
  signHs256WithPublicKey,
  signRs256,
  unsignedJwt,
  type SigningKey,
} from "./jwt-fixtures";

/** The genuine key and issuer a forgery imitates. */
export interface ForgeryTarget {
  key: SigningKey;
  issuer: string;
}

export interface Forgery {
  /** Completes "denies a token …" / "issues nothing for a token …". */
  name: string;
  forge: (target: ForgeryTarget) => string;
}

const genuine = ({ key, issuer }: ForgeryTarget, claims: Record<string, unknown> = {}) =>
  signRs256(key, accessTokenClaims(issuer, claims));

const HOUR = 3600;

export const FORGERIES: Forgery[] = [
  {
    name: "with alg none and an empty signature",
    forge: ({ key, issuer }) => unsignedJwt(key, accessTokenClaims(issuer)),
  },
  {
    name: "with alg none carrying a copied valid signature",
    forge: (t) => unsignedJwt(t.key, accessTokenClaims(t.issuer), genuine(t).split(".")[2]),
  },
  {
    name: "signed with HS256 using the public key",
    forge: ({ key, issuer }) => signHs256WithPublicKey(key, accessTokenClaims(issuer)),
  },
  {
    name: "with the known kid signed by another key",
    forge: ({ key, issuer }) => signRs256(generateSigningKey(key.kid), accessTokenClaims(issuer)),
  },
  {
    name: "without a kid",
    forge: ({ key, issuer }) => signRs256(key, accessTokenClaims(issuer), { kid: undefined }),
  },
  {
    name: "from another issuer",
    forge: ({ key }) =>
      signRs256(
        key,
        accessTokenClaims("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"),
      ),
  },
  {
    name: "for an app client that is not allowed",
    forge: (t) => genuine(t, { client_id: "someone-elses-client" }),
  },
  {
    name: "that is an id token instead of an access token",
    forge: (t) => genuine(t, { token_use: "id", aud: CLIENT_ID, client_id: undefined }),
  },
  { name: "without exp", forge: (t) => genuine(t, { exp: undefined }) },
  { name: "without sub", forge: (t) => genuine(t, { sub: undefined }) },
  {
    name: "that expired an hour ago",
    forge: (t) => genuine(t, { exp: nowSeconds() - HOUR, iat: nowSeconds() - 2 * HOUR }),
  },
  {
    name: "not valid for another hour (nbf)",
    forge: (t) => genuine(t, { nbf: nowSeconds() + HOUR }),
  },
  {
    name: "issued an hour in the future (iat)",
    forge: (t) => genuine(t, { iat: nowSeconds() + HOUR }),
  },
  {
    name: "whose payload was tampered with",
    forge: (t) => {
      const [head, , signature] = genuine(t).split(".");
      const payload = b64url(JSON.stringify(accessTokenClaims(t.issuer, { sub: "admin" })));
      return `${head}.${payload}.${signature}`;
    },
  },
  {
    name: "whose signature was tampered with",
    forge: (t) => {
      const [head, payload, signature] = genuine(t).split(".");
      const bytes = Buffer.from(signature, "base64url");
      bytes[10] ^= 0x01;
      return `${head}.${payload}.${b64url(bytes)}`;
    },
  },
  { name: "that is not a JWT at all", forge: () => "not-a-jwt" },
  { name: "made of empty JSON parts", forge: () => "e30.e30.e30" },
];
