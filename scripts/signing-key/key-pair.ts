// CloudFront signing key pairs: generation of the two key types CloudFront
// key groups accept (ECDSA P-256, RSA 2048) and a sign/verify round trip of a
// CloudFront-style policy, run by the CLI before anything is stored and by
// the tests on what was stored.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";

export const KEY_TYPES = ["ecdsa", "rsa"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export interface KeyPairPems {
  /** SPKI "PUBLIC KEY" PEM: the file the environment names, what CloudFront trusts. */
  publicPem: string;
  /** PKCS#8 "PRIVATE KEY" PEM: what the cookie issuer reads from Secrets Manager. */
  privatePem: string;
}

export function generateKeyPair(type: KeyType): KeyPairPems {
  const publicKeyEncoding = { type: "spki", format: "pem" } as const;
  const privateKeyEncoding = { type: "pkcs8", format: "pem" } as const;
  const pair =
    type === "rsa"
      ? generateKeyPairSync("rsa", {
          modulusLength: 2048,
          publicExponent: 0x10001,
          publicKeyEncoding,
          privateKeyEncoding,
        })
      : generateKeyPairSync("ec", {
          namedCurve: "prime256v1",
          publicKeyEncoding,
          privateKeyEncoding,
        });
  return { publicPem: pair.publicKey, privatePem: pair.privateKey };
}

/** "ECDSA P-256" / "RSA 2048"; anything else is named so a message can say what it got. */
export function describeKey(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "ec") {
    return details.namedCurve === "prime256v1" ? "ECDSA P-256" : `EC ${details.namedCurve}`;
  }
  if (key.asymmetricKeyType === "rsa") return `RSA ${details.modulusLength}`;
  return String(key.asymmetricKeyType);
}

/** A custom policy like the cookie issuer's: one prefix, an expiry. */
export function cloudFrontPolicy(resource: string, expiresAt: Date): string {
  return JSON.stringify({
    Statement: [
      {
        Resource: resource,
        Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(expiresAt.getTime() / 1000) } },
      },
    ],
  });
}

/**
 * The digests CloudFront may be asked to check with this key: RSA keys sign
 * PKCS#1 v1.5 with SHA-1 (CloudFront's default) or SHA-256; ECDSA keys sign
 * SHA-256 (DER-encoded signature).
 */
export function signatureDigests(key: KeyObject): Array<"sha1" | "sha256"> {
  return key.asymmetricKeyType === "rsa" ? ["sha256", "sha1"] : ["sha256"];
}

export interface RoundTrip {
  /** "ECDSA P-256" or "RSA 2048". */
  keyType: string;
  /** The digests a policy was signed and verified with. */
  digests: string[];
}

/**
 * Signs a CloudFront-style policy with `privatePem` and verifies it with
 * `publicPem` for every digest the key type allows. Throws if the halves do
 * not match or the key is not one CloudFront accepts; the message never
 * quotes the private key.
 */
export function verifyKeyPairRoundTrip(privatePem: string, publicPem: string): RoundTrip {
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: privatePem, format: "pem" });
  } catch {
    // node's message could echo part of the input; say only what failed.
    throw new Error("the private key is not a readable PEM private key");
  }
  try {
    publicKey = createPublicKey({ key: publicPem, format: "pem" });
  } catch (err) {
    throw new Error(`the public key is not a readable PEM public key (${(err as Error).message})`);
  }
  const keyType = describeKey(publicKey);
  if (keyType !== "ECDSA P-256" && keyType !== "RSA 2048") {
    throw new Error(`CloudFront key groups accept ECDSA P-256 or RSA 2048 keys; got ${keyType}`);
  }
  if (describeKey(privateKey) !== keyType) {
    throw new Error(`the private key (${describeKey(privateKey)}) does not match the public key`);
  }
  const policy = Buffer.from(
    cloudFrontPolicy("https://d111111abcdef8.cloudfront.net/partners/*", new Date()),
  );
  const digests = signatureDigests(publicKey);
  for (const digest of digests) {
    const signature = sign(digest, policy, privateKey);
    if (!verify(digest, policy, publicKey, signature)) {
      throw new Error(`a policy signed with the private key (${digest}) fails the public key`);
    }
  }
  return { keyType, digests };
}
