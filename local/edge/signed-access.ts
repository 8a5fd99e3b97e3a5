// CloudFront's own check on a behaviour with a trusted key group: a signed
// URL when the query string carries signing parameters (then cookies are not
// looked at, as AWS documents), else the CloudFront-* signed cookies.
import { createPublicKey, type KeyObject } from "node:crypto";
import {
  checkSignedCookies,
  checkSignedUrl,
  type KeyGroup,
  type Verdict,
} from "./cloudfront-signed-cookies";
import { decodeQueryComponent, splitQueryPart } from "./query-string";

export type { KeyGroup, Verdict };

const URL_PARAMETERS = new Set(["Expires", "Policy", "Signature", "Key-Pair-Id"]);

export interface SignedAccessRequest {
  /** scheme://host/path?query as the viewer asked for it. */
  url: string;
  querystring: string;
  cookies: [string, string][];
  /** Epoch seconds. */
  now: number;
  clientIp: string;
}

/** Whether the query string carries signed-URL parameters. */
export function hasSignedUrlParameters(querystring: string): boolean {
  return querystring
    .split("&")
    .some((part) => URL_PARAMETERS.has(decodeQueryComponent(splitQueryPart(part)[0])));
}

/** The verdict on `request` against `keyGroup`. */
export function judgeSignedAccess(request: SignedAccessRequest, keyGroup: KeyGroup): Verdict {
  if (hasSignedUrlParameters(request.querystring)) {
    return checkSignedUrl(request.url, keyGroup, request.now, request.clientIp);
  }
  return checkSignedCookies(
    { url: request.url, cookies: request.cookies, now: request.now, sourceIp: request.clientIp },
    keyGroup,
  );
}

/** A key group from [CloudFront public key id, PEM] pairs. */
export function keyGroupOf(keys: [string, string][]): KeyGroup {
  return new Map<string, KeyObject>(keys.map(([id, pem]) => [id, createPublicKey(pem)]));
}
