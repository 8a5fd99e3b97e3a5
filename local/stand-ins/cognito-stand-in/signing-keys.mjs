// The stand-in's token signing keys: RS256 keys with Cognito-looking kids,
// JWTs signed with the current one, and the check of a JWT against the keys
// the JWKS still lists. The key list itself is the server's (it rotates).
/* global Buffer */
import * as crypto from "node:crypto";
import { promisify } from "node:util";

const generateKeyPair = promisify(crypto.generateKeyPair);

/** An RS256 signing key with a Cognito-looking kid (base64 of 32 random bytes). */
export async function newSigningKey() {
  const { privateKey } = await generateKeyPair("rsa", { modulusLength: 2048 });
  const kid = crypto.randomBytes(32).toString("base64");
  return {
    kid,
    privateKey,
    jwk: { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" },
  };
}

/** A JWT of `payload`, signed with the first (current) of `signingKeys`. */
export function signJwt(signingKeys, payload) {
  const [{ kid, privateKey }] = signingKeys;
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ kid, alg: "RS256" })}.${encode(payload)}`;
  const signature = crypto.sign("sha256", Buffer.from(input), privateKey).toString("base64url");
  return `${input}.${signature}`;
}

/** The payload of a JWT signed with one of `signingKeys` (those the JWKS lists); undefined otherwise. */
export function verifiedPayload(signingKeys, token) {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    const key = signingKeys.find((candidate) => candidate.kid === header.kid);
    if (!key || header.alg !== "RS256") return undefined;
    const valid = crypto.verify(
      "sha256",
      Buffer.from(`${parts[0]}.${parts[1]}`),
      key.privateKey,
      Buffer.from(parts[2], "base64url"),
    );
    return valid ? JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) : undefined;
  } catch {
    return undefined;
  }
}
