// aws-jwt-verify's platform layer for edge bundles. The library reaches the
// platform only through one module, `#node-web-compat`, a subpath import
// its package.json resolves to a Node.js or a Web implementation; edge
// bundles resolve it here instead (stacks/bundle.ts). Everything else,
// decoding, key selection, algorithm and claim checks, stays the library's.
//
// What differs from the library's Node.js implementation: no HTTPS client.
// The handlers give the library their own fetcher (json-fetcher.ts), so the
// library's https, tls and stream code is not loaded on a cold start. Should
// anything call `fetch`, it fails loudly. Signatures are checked as the
// library's layer checks them, with a `createVerify` stream (EdDSA, which
// names no digest, with one `crypto.verify` call). A one-shot
// `crypto.verify` was used until issue 16's peers benchmark: with new
// tokens the stream made the bearer function about 0.1x of a bare verify
// cheaper per request (it hashes the signing input without copying it into
// a Buffer: 1.77 and 1.74x against 1.85 and 1.87x, alternating runs of
// `npm run bench -- --only peers`), and about 0.2 ms more on a cold start
// (the first stream compiles Node's stream code), within that figure's
// noise. Same digest names, same key, same signature bytes (both decode
// it with Buffer's base64), so the same verdicts:
// __tests__/functions/shared/jwt-verify-edge-compat.test.ts checks that.
import {
  createPublicKey,
  createVerify,
  verify,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";

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
  if (alg === "EdDSA") {
    return verify(null, Buffer.from(jwsSigningInput), keyObject, Buffer.from(signature, "base64"));
  }
  // The library checks the algorithm before it gets here; anything else is
  // refused as its Node.js layer would (a throw).
  const digest = DIGEST_ALGORITHM.exec(alg);
  if (digest === null) throw new Error(`unsupported JWS algorithm ${alg}`);
  return createVerify(`RSA-SHA${digest[1]}`)
    .update(jwsSigningInput)
    .verify({ key: keyObject, dsaEncoding: "ieee-p1363" }, signature, "base64");
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
