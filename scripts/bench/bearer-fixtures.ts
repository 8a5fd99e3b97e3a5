// What the bearer benchmarks feed the handler: a one-key config as the stack
// would ship it, a viewer request for a user's own file, and tokens good and
// bad, all signed with a key generated here.
import { randomBytes, verify } from "node:crypto";
import type { BearerJwtConfig } from "../../functions/bearer-jwt/config";
import {
  accessTokenClaims,
  CLIENT_ID,
  generateSigningKey,
  nowSeconds,
  signRs256,
  TEST_SUB,
} from "../../__tests__/support/jwt-fixtures";
import { asDelivered, viewerRequestEvent, type ViewerEvent } from "./viewer-event";

export const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Bench0001";

export const key = generateSigningKey("bench-key");

export const config: BearerJwtConfig = {
  issuer: ISSUER,
  jwksUri: `${ISSUER}/.well-known/jwks.json`,
  jwks: { keys: [key.jwk] },
  clientIds: [CLIENT_ID],
  clockSkewSeconds: 30,
  jwksFetchTimeoutMs: 1500,
  tokenQueryParameter: "access_token",
  loginUrl: null,
  corsAllowedOrigins: ["https://app.example.com"],
  identityHeader: "x-gate-sub",
  realm: "bench",
  rules: {
    publicPrefixes: ["/public/"],
    groupPrefixes: [{ group: "staff", prefix: "/shared/" }],
    userPrefixes: ["/users/{sub}/"],
  },
};

/** A fresh valid token (new jti): the verified-token cache has never seen it. */
export const newToken = () => signRs256(key, accessTokenClaims(ISSUER));

export const token = newToken();

const tokenInput = Buffer.from(token.slice(0, token.lastIndexOf(".")));
const tokenSignature = Buffer.from(token.split(".")[2], "base64url");

/**
 * One bare RS256 crypto.verify of `token` (its bytes decoded once, ahead):
 * the baseline of every warm ratio. Throws if the signature does not check.
 */
export function bareVerify(): void {
  if (!verify("RSA-SHA256", tokenInput, key.publicKey, tokenSignature)) {
    throw new Error("bare verify failed");
  }
}

/** A viewer request for the user's own file with `bearerToken`, as the Lambda runtime hands it over. */
export function eventWith(bearerToken: string): ViewerEvent {
  return asDelivered(
    viewerRequestEvent(`/users/${TEST_SUB}/report.pdf`, {
      authorization: [{ key: "Authorization", value: `Bearer ${bearerToken}` }],
      accept: [{ key: "Accept", value: "application/pdf" }],
    }),
  );
}

export type { ViewerEvent };

/** `token` with its last signature byte flipped: well-formed, and only the RSA check can tell. */
export function withFlippedSignature(token: string): string {
  const dot = token.lastIndexOf(".");
  const signature = Buffer.from(token.slice(dot + 1), "base64url");
  signature[signature.length - 1] ^= 0xff;
  return `${token.slice(0, dot + 1)}${signature.toString("base64url")}`;
}

/**
 * A well-formed token never seen before (new jti) under a made-up signature:
 * refused by the RSA check alone, and no two alike, so no memory of an
 * earlier refusal can answer it.
 */
export function newBadSignature(): string {
  const good = newToken();
  return `${good.slice(0, good.lastIndexOf(".") + 1)}${randomBytes(256).toString("base64url")}`;
}

/** Tokens the handler must refuse (401), each for one reason, correctly signed unless said. */
export function refusedTokens() {
  const now = nowSeconds();
  const claims = (overrides: Record<string, unknown>) =>
    signRs256(key, accessTokenClaims(ISSUER, overrides));
  return {
    "bearer.expired": claims({ iat: now - 7200, auth_time: now - 7200, exp: now - 3600 }),
    "bearer.not-yet-valid": claims({ nbf: now + 3600 }),
    "bearer.wrong-issuer": claims({
      iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other0001",
    }),
    "bearer.wrong-client": claims({ client_id: "0000000000000000000000000a" }),
    "bearer.bad-signature": withFlippedSignature(newToken()),
  } as const;
}
