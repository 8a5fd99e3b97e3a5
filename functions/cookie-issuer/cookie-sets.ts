// One CloudFront cookie set per prefix, as Set-Cookie lines: the policy
// names the prefix as its Resource and the cookies carry it as their Path,
// so a browser sends each set exactly where its policy opens doors.
import { clearCookie, setCookie } from "../shared/cookies";
import { customPolicy, signPolicy, type CookieSigner } from "./signing";

/** Every cookie name a set may use, in the order they are set. */
export const SET_COOKIE_NAMES = [
  "CloudFront-Policy",
  "CloudFront-Signature",
  "CloudFront-Key-Pair-Id",
  "CloudFront-Hash-Algorithm",
] as const;

/** One cookie of a response, kept structured so its size and reach can be checked. */
export interface IssuedCookie {
  name: string;
  value: string;
  /** The Path attribute. */
  path: string;
  /** The whole Set-Cookie value. */
  header: string;
}

/**
 * The policy Resource for a prefix: a folder opens everything below it
 * ("*" also matches any query string); an exact path opens only that URL,
 * without a query string.
 */
export function resourceFor(siteOrigin: string, prefix: string): string {
  return prefix.endsWith("/") ? `${siteOrigin}${prefix}*` : `${siteOrigin}${prefix}`;
}

/** How many cookies one set holds under `hashAlgorithm`. */
export function cookiesPerSet(hashAlgorithm: CookieSigner["hashAlgorithm"]): number {
  return hashAlgorithm === "SHA256" ? 4 : 3;
}

// Attributes per (lifetime, domain, path), as setCookie writes them after
// `name=value`: the lines of a set share them, and the cookie package
// checking them again for every line costs an ECDSA set several percent of
// its signature. Bounded: user folders make paths as many as users.
const ATTRIBUTES_KEPT = 256;
const attributesMemo = new Map<string, string>();

function setCookieAttributes(path: string, maxAge: number, domain: string | null): string {
  // No "|" in a number or a domain name, so the key cannot be ambiguous.
  const memoKey = `${maxAge}|${domain ?? ""}|${path}`;
  let attributes = attributesMemo.get(memoKey);
  if (attributes === undefined) {
    attributes = setCookie("n", "v", { path, maxAge, domain: domain ?? undefined }).slice(3);
    if (attributesMemo.size >= ATTRIBUTES_KEPT) attributesMemo.clear();
    attributesMemo.set(memoKey, attributes);
  }
  return attributes;
}

// What setCookie's value check would let through, for the one value of a
// set that is not CloudFront base64 by construction.
const KEY_PAIR_ID = /^[A-Za-z0-9]{1,128}$/;

/**
 * The signed cookie set for `prefix`, valid until `expiresAt` (epoch
 * seconds). Max-Age is the policy's own lifetime: the browser then drops a
 * set the moment CloudFront would refuse it, instead of sending dead cookies
 * along with every request. Each line is exactly what setCookie writes
 * (the tests compare): the values are CloudFront base64 ([A-Za-z0-9~_-]),
 * the Key-Pair-Id is checked, the attributes come from setCookie itself.
 */
export function signCookieSet(
  prefix: string,
  expiresAt: number,
  lifetimeSeconds: number,
  signer: CookieSigner,
): IssuedCookie[] {
  if (!KEY_PAIR_ID.test(signer.keyPairId)) {
    throw new Error("Key-Pair-Id is not a CloudFront key id");
  }
  const { policy, signature } = signPolicy(
    customPolicy(resourceFor(signer.siteOrigin, prefix), expiresAt),
    signer,
  );
  const attributes = setCookieAttributes(prefix, lifetimeSeconds, signer.cookieDomain);
  const cookies = [
    issued("CloudFront-Policy", policy, prefix, attributes),
    issued("CloudFront-Signature", signature, prefix, attributes),
    issued("CloudFront-Key-Pair-Id", signer.keyPairId, prefix, attributes),
  ];
  if (signer.hashAlgorithm === "SHA256") {
    cookies.push(issued("CloudFront-Hash-Algorithm", "SHA256", prefix, attributes));
  }
  return cookies;
}

function issued(name: string, value: string, path: string, attributes: string): IssuedCookie {
  return { name, value, path, header: `${name}=${value}${attributes}` };
}

/** Set-Cookie lines removing every cookie a set at `prefix` may hold. */
export function expireCookieSet(prefix: string, cookieDomain: string | null): string[] {
  return SET_COOKIE_NAMES.map((name) =>
    clearCookie(name, { path: prefix, domain: cookieDomain ?? undefined }),
  );
}

/**
 * A SHA1 set has no CloudFront-Hash-Algorithm cookie, but one left at the
 * same path by an earlier SHA256 issue would make CloudFront check the new
 * SHA1 signature as SHA256 and refuse it: it is removed alongside.
 */
export function staleHashAlgorithmCookie(prefix: string, signer: CookieSigner): string[] {
  return signer.hashAlgorithm === "SHA1"
    ? [
        clearCookie("CloudFront-Hash-Algorithm", {
          path: prefix,
          domain: signer.cookieDomain ?? undefined,
        }),
      ]
    : [];
}
