// aws-jwt-verify's platform layer for edge bundles. The library reaches the
// platform only through one module, `#node-web-compat`, a subpath import
// its package.json resolves to a Node.js or a Web implementation; edge
// bundles resolve it here instead (stacks/bundle.ts). Everything else,
// decoding, key selection, algorithm and claim checks, stays the library's.
//
// What differs from the library's Node.js implementation:
// - The signature check is one `crypto.verify` call, where the library's
//   layer builds a `createVerify` stream per token. Measured on Node 20 with
//   new tokens, the stream is the cheaper of the two when warm (about 1 µs
//   per token: it hashes the signing input without copying it into a
//   Buffer), and the dearer on a cold start (about +0.25 ms: the first
//   stream compiles Node's stream code). The cold start is what a viewer
//   waits for, so the one-shot call stays. Same digest names, same key,
//   same signature bytes (both decode it with Buffer's base64), so the same
//   verdicts: __tests__/functions/shared/jwt-verify-edge-compat.test.ts
//   checks that.
// - No HTTPS client: the handlers give the library their own fetcher
//   (json-fetcher.ts), so the library's https, tls and stream code is not
//   loaded on a cold start. Should anything call `fetch`, it fails loudly.
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from "node:crypto";

// The JWS algorithms with a digest, as the library's Node.js layer names them:
// RS256 and ES256 both "RSA-SHA256" (OpenSSL's SHA-256 with any key type).
const DIGEST_ALGORITHM = /^[RE]S(256|384|512)$/;

interface SignatureCheck {
  alg: string;
  keyObject: KeyObject;
  jwsSigningInput: string;
  signature: string;
}

const toKeyObject = (jwk: JsonWebKey): KeyObject => createPublicKey({ key: jwk, format: "jwk" });

function verifySignatureSync({ alg, keyObject, jwsSigningInput, signature }: SignatureCheck) {
  const data = Buffer.from(jwsSigningInput);
  const bytes = Buffer.from(signature, "base64");
  // EdDSA names no digest. The library checks the algorithm before it gets
  // here; anything else is refused as its Node.js layer would (a throw).
  if (alg === "EdDSA") return verify(null, data, keyObject, bytes);
  const digest = DIGEST_ALGORITHM.exec(alg);
  if (digest === null) throw new Error(`unsupported JWS algorithm ${alg}`);
  return verify(`RSA-SHA${digest[1]}`, data, { key: keyObject, dsaEncoding: "ieee-p1363" }, bytes);
}

/** The members of the library's layer that its JWT, JWK and HTTPS modules use (not the ALB verifier's PEM import). */
export const nodeWebCompat = {
  fetch: (): never => {
    throw new Error("no HTTPS client in edge bundles");
  },
  transformJwkToKeyObjectSync: toKeyObject,
  transformJwkToKeyObjectAsync: async (jwk: JsonWebKey) => toKeyObject(jwk),
  parseB64UrlString: (b64: string) => Buffer.from(b64, "base64").toString("utf8"),
  verifySignatureSync,
  verifySignatureAsync: async (check: SignatureCheck) => verifySignatureSync(check),
  defaultFetchTimeouts: { socketIdle: 1500, response: 3000 },
  setTimeoutUnref: (...args: Parameters<typeof setTimeout>) => setTimeout(...args).unref(),
};
