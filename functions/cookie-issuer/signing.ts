// The two CloudFront signatures the issuer makes: custom-policy cookies (one
// policy per prefix), signed here with node:crypto and the parsed key, and
// canned-policy signed URLs, through @aws-sdk/cloudfront-signer.
import { sign, type KeyObject } from "node:crypto";
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";

/** Everything a signature needs: which key, under which id, with which hash. */
export interface CookieSigner {
  /** The viewer-facing origin the policy resources name. */
  siteOrigin: string;
  /** CloudFront public key id of the key group: the Key-Pair-Id. */
  keyPairId: string;
  /** Parsed once per container (RSA 2048 or ECDSA P-256). */
  privateKey: KeyObject;
  hashAlgorithm: "SHA256" | "SHA1";
  /** Domain attribute of the cookies; null: host-only. */
  cookieDomain: string | null;
}

/**
 * The signer's types name only a PEM string or Buffer, but it hands the key
 * straight to node:crypto, which takes a KeyObject as well. A PEM would be
 * parsed again on every signature (measured: RSA 3x, ECDSA 16x slower), so
 * the parsed KeyObject is passed through the narrower type.
 */
function signerKey(key: KeyObject): string {
  return key as unknown as string;
}

/**
 * A custom policy with one statement: `resource` until `expiresAt` (epoch
 * seconds, exclusive). CloudFront accepts one statement per cookie policy.
 * Written out rather than built as an object and stringified: the same
 * bytes (the tests compare), for a fraction of an ECDSA signature's cost.
 */
export function customPolicy(resource: string, expiresAt: number): string {
  if (!Number.isSafeInteger(expiresAt)) {
    throw new RangeError(`policy expiry is not whole epoch seconds: ${expiresAt}`);
  }
  return `{"Statement":[{"Resource":${JSON.stringify(resource)},"Condition":{"DateLessThan":{"AWS:EpochTime":${expiresAt}}}}]}`;
}

/** CloudFront's URL-safe base64: "-" for "+", "_" for "=", "~" for "/". */
export function cloudFrontBase64(bytes: Buffer): string {
  // base64url already writes "-" for "+"; it writes "_" for "/" and drops
  // the padding: one pass instead of three.
  const padding = (3 - (bytes.length % 3)) % 3;
  return bytes.toString("base64url").replaceAll("_", "~") + "__".slice(0, padding);
}

/** The CloudFront-Policy and CloudFront-Signature cookie values of one policy. */
export interface SignedPolicy {
  policy: string;
  signature: string;
}

/**
 * `policy` signed as @aws-sdk/cloudfront-signer's getSignedCookies signs it
 * (RSA PKCS#1 v1.5 or DER-encoded ECDSA over the policy's UTF-8 bytes, with
 * SHA-256 or SHA-1), both values in CloudFront's base64: the same bytes
 * (the tests compare). Done here because the package builds a stream-based
 * signer and rewrites base64 with a regular expression for every set: for
 * the same policy and ECDSA key, its getSignedCookies ran at 0.87 of a bare
 * signature's rate, this function at 0.92 (24 alternating rounds in one
 * process; `npm run bench` prints the package's ratio next to that of the
 * issuer's whole cookie set, which also writes the policy and the lines).
 */
export function signPolicy(policy: string, signer: CookieSigner): SignedPolicy {
  const bytes = Buffer.from(policy);
  const digest = signer.hashAlgorithm === "SHA256" ? "sha256" : "sha1";
  return {
    policy: cloudFrontBase64(bytes),
    signature: cloudFrontBase64(sign(digest, bytes, signer.privateKey)),
  };
}

/**
 * `<siteOrigin><uri>?Expires=…&Signature=…&Key-Pair-Id=…` (canned policy).
 * `uri` is already percent-encoded in canonical form (shared/path.ts), which
 * the signer's own re-encoding leaves unchanged.
 */
export function signCannedUrl(uri: string, expiresAt: number, signer: CookieSigner): string {
  return getSignedUrl({
    url: `${signer.siteOrigin}${uri}`,
    // A Date: the signer reads a bare number as milliseconds.
    dateLessThan: new Date(expiresAt * 1000),
    keyPairId: signer.keyPairId,
    privateKey: signerKey(signer.privateKey),
    algorithm: signer.hashAlgorithm,
  });
}
