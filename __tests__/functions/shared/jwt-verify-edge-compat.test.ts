// The edge bundles' platform layer for aws-jwt-verify must give the verdicts
// the library's own Node.js layer gives, for every algorithm the library
// supports: same keys, same signature bytes, same answer.
import * as crypto from "node:crypto";
import * as path from "node:path";
import { nodeWebCompat as edge } from "../../../functions/shared/jwt-verify-edge-compat";
import { pooledKeyPair } from "../../support/key-pool";

interface SignatureCheck {
  alg: string;
  keyObject: crypto.KeyObject;
  jwsSigningInput: string;
  signature: string;
}

// The library's Node.js layer, which its package.json hands every Node.js
// importer of `#node-web-compat`; a subpath import cannot be named from here.
const libraryDir = path.dirname(require.resolve("aws-jwt-verify"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeWebCompat: node } = require(path.join(libraryDir, "node-web-compat-node.js")) as {
  nodeWebCompat: typeof edge & { verifySignatureSync: (check: SignatureCheck) => boolean };
};

interface Algorithm {
  alg: string;
  keys: () => { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject };
  /** Signs as a JWS producer does: PKCS#1 v1.5, r || s for ECDSA, plain Ed25519. */
  sign: (data: Buffer, key: crypto.KeyObject) => Buffer;
}

const rsa = (bits: number) => (data: Buffer, key: crypto.KeyObject) =>
  crypto.sign(`sha${bits}`, data, key);
const ecdsa = (bits: number) => (data: Buffer, key: crypto.KeyObject) =>
  crypto.sign(`sha${bits}`, data, { key, dsaEncoding: "ieee-p1363" });
const ec = (namedCurve: string) => () => crypto.generateKeyPairSync("ec", { namedCurve });
const rsaKeys = () => pooledKeyPair({ type: "rsa", modulusLength: 2048 });

const ALGORITHMS: Algorithm[] = [
  { alg: "RS256", keys: rsaKeys, sign: rsa(256) },
  { alg: "RS384", keys: rsaKeys, sign: rsa(384) },
  { alg: "RS512", keys: rsaKeys, sign: rsa(512) },
  {
    alg: "ES256",
    keys: () => pooledKeyPair({ type: "ec", namedCurve: "P-256" }),
    sign: ecdsa(256),
  },
  { alg: "ES384", keys: ec("P-384"), sign: ecdsa(384) },
  { alg: "ES512", keys: ec("P-521"), sign: ecdsa(512) },
  {
    alg: "EdDSA",
    keys: () => crypto.generateKeyPairSync("ed25519"),
    sign: (data, key) => crypto.sign(null, data, key),
  },
];

/**
 * Whether a check accepts the signature. The library refuses a token both
 * when the check says false and when it throws (the Node.js layer throws for
 * an ECDSA signature of the wrong length, one-shot verify says false).
 */
function accepts(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

const b64url = (bytes: Buffer) => bytes.toString("base64url");
const flipLastByte = (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  copy[copy.length - 1] ^= 0x01;
  return copy;
};

describe.each(ALGORITHMS)("$alg", ({ alg, keys, sign }) => {
  const { privateKey, publicKey } = keys();
  const jwk = publicKey.export({ format: "jwk" });
  const header = b64url(Buffer.from(JSON.stringify({ alg, kid: "k" })));
  const payload = b64url(Buffer.from(JSON.stringify({ sub: "é-ü", exp: 2_000_000_000 })));
  const input = `${header}.${payload}`;
  const signature = sign(Buffer.from(input), privateKey);

  // Each case: the signing input and the signature text the library passes on.
  const cases: [string, string, string][] = [
    ["a valid signature", input, b64url(signature)],
    ["the same signature, base64 with padding", input, signature.toString("base64")],
    ["a signature with one byte changed", input, b64url(flipLastByte(signature))],
    ["a signature one byte short", input, b64url(signature.subarray(1))],
    ["an empty signature", input, ""],
    ["a signature with characters outside base64", input, `${b64url(signature)}!*`],
    ["a changed payload", `${header}.${payload}x`, b64url(signature)],
    ["a signing input with non-ASCII text", `${input}é`, b64url(signature)],
  ];

  it.each(cases)("accepts as the library's layer does: %s", (_, jwsSigningInput, text) => {
    const check = (keyObject: crypto.KeyObject) => ({
      alg,
      keyObject,
      jwsSigningInput,
      signature: text,
    });
    const expected = accepts(() =>
      node.verifySignatureSync(check(node.transformJwkToKeyObjectSync(jwk))),
    );
    expect(
      accepts(() => edge.verifySignatureSync(check(edge.transformJwkToKeyObjectSync(jwk)))),
    ).toBe(expected);
  });

  it("accepts the valid signature, asynchronously too", async () => {
    const keyObject = edge.transformJwkToKeyObjectSync(jwk);
    const check = { alg, keyObject, jwsSigningInput: input, signature: b64url(signature) };
    expect(edge.verifySignatureSync(check)).toBe(true);
    await expect(edge.verifySignatureAsync(check)).resolves.toBe(true);
    await expect(edge.transformJwkToKeyObjectAsync(jwk)).resolves.toBeInstanceOf(crypto.KeyObject);
  });
});

it("throws, as the library's layer does, for an algorithm it has no digest for", () => {
  const { publicKey } = rsaKeys();
  const check = { alg: "HS256", keyObject: publicKey, jwsSigningInput: "a.b", signature: "c" };
  expect(() => node.verifySignatureSync(check)).toThrow();
  expect(() => edge.verifySignatureSync(check)).toThrow(/unsupported JWS algorithm HS256/);
});

it("decodes base64url text as the library's layer does", () => {
  for (const text of ["eyJhIjoiw6kifQ", "eyJhIjoiw6kifQ==", "-_-_", ""]) {
    expect(edge.parseB64UrlString(text)).toBe(node.parseB64UrlString(text));
  }
});

it("has no HTTPS client: a call fails loudly instead of fetching", () => {
  expect(() => edge.fetch()).toThrow(/no HTTPS client in edge bundles/);
});
