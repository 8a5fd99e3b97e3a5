// The two CloudFront signatures the issuer makes, both through
// @aws-sdk/cloudfront-signer: custom-policy cookies (one policy per prefix)
// and canned-policy signed URLs. No policy encoding or signing by hand.
import type { KeyObject } from "node:crypto";
import {
  getSignedCookies,
  getSignedUrl,
  type CloudfrontSignedCookiesOutput,
} from "@aws-sdk/cloudfront-signer";

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
 * straight to node:crypto's sign(), which takes a KeyObject as well. A PEM
 * would be parsed again on every signature (measured: RSA 3x, ECDSA 16x
 * slower), so the parsed KeyObject is passed through the narrower type.
 */
function signerKey(key: KeyObject): string {
  return key as unknown as string;
}

/**
 * A custom policy with one statement: `resource` until `expiresAt` (epoch
 * seconds, exclusive). CloudFront accepts one statement per cookie policy.
 */
export function customPolicy(resource: string, expiresAt: number): string {
  return JSON.stringify({
    Statement: [
      { Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": expiresAt } } },
    ],
  });
}

/** CloudFront-Policy, -Signature, -Key-Pair-Id (and -Hash-Algorithm for SHA256) for `policy`. */
export function signPolicyCookies(
  policy: string,
  signer: CookieSigner,
): CloudfrontSignedCookiesOutput {
  return getSignedCookies({
    policy,
    keyPairId: signer.keyPairId,
    privateKey: signerKey(signer.privateKey),
    algorithm: signer.hashAlgorithm,
  });
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
