// Real RS256 tokens for edge-function tests: RSA keys generated here, JWTs
// assembled by hand (base64url header.payload, node:crypto signature), so the
// verifier under test sees exactly what an issuer would send, forged or not.
import * as crypto from "node:crypto";
import { pooledKeyPair } from "./key-pool";

export interface SigningKey {
  kid: string;
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  /** The public JWK as Cognito publishes it (kid, alg RS256, use sig). */
  jwk: { kty: string; kid: string; alg: string; use: string; n: string; e: string };
}

/** An RSA 2048 key under `kid`, distinct from every other key this suite took (key-pool.ts). */
export function generateSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = pooledKeyPair({ type: "rsa", modulusLength: 2048 });
  const { n, e, kty } = publicKey.export({ format: "jwk" });
  return {
    kid,
    privateKey,
    publicKey,
    jwk: { kty: kty as string, kid, alg: "RS256", use: "sig", n: n as string, e: e as string },
  };
}

export const b64url = (data: string | Buffer): string => Buffer.from(data).toString("base64url");

/** header.payload.signature with the given raw signature bytes. */
export function assembleJwt(header: object, payload: object, sign: (input: string) => Buffer) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(sign(input))}`;
}

/** An RS256 JWT signed by `key` (header kid defaults to the key's). */
export function signRs256(key: SigningKey, payload: object, header: object = {}): string {
  return assembleJwt({ alg: "RS256", kid: key.kid, typ: "JWT", ...header }, payload, (input) =>
    crypto.sign("RSA-SHA256", Buffer.from(input), key.privateKey),
  );
}

/** The classic key-confusion forgery: HS256 with the RSA public key (PEM) as HMAC secret. */
export function signHs256WithPublicKey(key: SigningKey, payload: object): string {
  const secret = key.publicKey.export({ type: "spki", format: "pem" });
  return assembleJwt({ alg: "HS256", kid: key.kid, typ: "JWT" }, payload, (input) =>
    crypto.createHmac("sha256", secret).update(input).digest(),
  );
}

/** An unsigned token (alg none), with an empty or junk signature part. */
export function unsignedJwt(key: SigningKey, payload: object, signature = ""): string {
  const input = `${b64url(JSON.stringify({ alg: "none", kid: key.kid }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${signature}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const TEST_SUB = "3f1c9a52-8d4e-4b7a-9c21-5e6f7a8b9c0d";
export const OTHER_SUB = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d";
export const CLIENT_ID = "4tq1mcs3b0r9vd7n2k8e5h6j1a";

/** Claims of a Cognito access token for `issuer`, valid for an hour from now. */
export function accessTokenClaims(issuer: string, overrides: Record<string, unknown> = {}) {
  const now = nowSeconds();
  return {
    sub: TEST_SUB,
    "cognito:groups": ["readers"],
    iss: issuer,
    version: 2,
    client_id: CLIENT_ID,
    origin_jti: crypto.randomUUID(),
    event_id: crypto.randomUUID(),
    token_use: "access",
    scope: "openid email",
    auth_time: now,
    exp: now + 3600,
    iat: now,
    jti: crypto.randomUUID(),
    username: "alice",
    ...overrides,
  };
}
