// Proof Key for Code Exchange (RFC 7636) with the S256 method: the verifier
// stays on the server, only its SHA-256 travels through the browser, so an
// intercepted authorization code is useless without the login record.
import { createHash, randomBytes } from "node:crypto";

export interface PkcePair {
  /** 43 characters of base64url (256 bits): within RFC 7636's 43-128 unreserved characters. */
  verifier: string;
  /** BASE64URL(SHA256(verifier)), sent as code_challenge with code_challenge_method=S256. */
  challenge: string;
}

export function s256Challenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

export function newPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: s256Challenge(verifier) };
}
