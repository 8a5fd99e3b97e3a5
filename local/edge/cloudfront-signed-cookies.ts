// Judges signed cookies and signed URLs the way CloudFront does on a path
// with a trusted key group, written from CloudFront's documented rules and
// node:crypto alone (deliberately not the signer package the issuer uses),
// so a test passing here means the issuer's output is what CloudFront
// checks, not merely what the same library reads back.
import { verify, type KeyObject } from "node:crypto";
import { isRecord } from "./json-shapes";
import { wildcardRegExp } from "./path-pattern";
import { decodeQueryComponent, splitQueryPart } from "./query-string";

/** A trusted key group: Key-Pair-Id (CloudFront public key id) -> public key. */
export type KeyGroup = ReadonlyMap<string, KeyObject>;

export type Verdict = { allow: true } | { allow: false; reason: string };

export interface SignedCookieRequest {
  /** The URL as CloudFront sees it: https://host/path?query. */
  url: string;
  /** The request's cookies in the order the browser sends them. */
  cookies: readonly (readonly [string, string])[];
  /** Epoch seconds at which CloudFront judges the request. */
  now: number;
  /** Viewer IPv4 address, for IpAddress conditions. */
  sourceIp?: string;
}

const deny = (reason: string): Verdict => ({ allow: false, reason });
const ALLOW: Verdict = { allow: true };

/** CloudFront's URL-safe base64 ("-" for "+", "_" for "=", "~" for "/") back to bytes; null if not that alphabet. */
export function fromCloudFrontBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9~_-]+$/.test(text)) return null;
  const standard = text.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(standard) || standard.length % 4 !== 0) return null;
  return Buffer.from(standard, "base64");
}

/** The hash CloudFront uses: SHA1 unless the request says SHA256; anything else is an error. */
function hashOf(value: string | undefined): "sha1" | "sha256" | null {
  if (value === undefined) return "sha1";
  return value === "SHA256" ? "sha256" : null;
}

/**
 * RSA PKCS#1 v1.5 or ECDSA (DER signature), by the public key's type, over
 * the exact policy bytes, with the key the key group holds for `keyPairId`.
 */
function checkSignature(
  policy: Buffer,
  signatureText: string,
  keyPairId: string,
  hash: "sha1" | "sha256",
  keyGroup: KeyGroup,
): Verdict {
  const publicKey = keyGroup.get(keyPairId);
  if (publicKey === undefined) return deny("key pair id is not in the trusted key group");
  const signature = fromCloudFrontBase64(signatureText);
  if (signature === null) return deny("signature is not CloudFront base64");
  const ok =
    publicKey.asymmetricKeyType === "ec"
      ? verify(hash, policy, { key: publicKey, dsaEncoding: "der" }, signature)
      : verify(hash, policy, publicKey, signature);
  return ok ? ALLOW : deny("signature does not verify");
}

/** `*` matches any run of characters (also none), `?` exactly one; all else literally. */
export function resourceMatches(pattern: string, url: string): boolean {
  return wildcardRegExp(pattern).test(url);
}

function ipv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return null;
  return parts.reduce((sum, p) => sum * 256 + Number(p), 0);
}

function inCidr(ip: string | undefined, cidr: string): boolean {
  const [base, bits = "32"] = cidr.split("/");
  const address = ip === undefined ? null : ipv4(ip);
  const network = ipv4(base);
  const length = Number(bits);
  if (address === null || network === null || !(length >= 0 && length <= 32)) return false;
  const size = 2 ** (32 - length);
  return Math.floor(address / size) === Math.floor(network / size);
}

/** The policy's one statement judged against the request: resource, then each condition. */
export function checkPolicy(policyText: string, request: SignedCookieRequest): Verdict {
  let policy: unknown;
  try {
    policy = JSON.parse(policyText);
  } catch {
    return deny("policy is not JSON");
  }
  if (!isRecord(policy) || !Array.isArray(policy.Statement)) return deny("policy has no Statement");
  if (policy.Statement.length !== 1) return deny("policy must hold exactly one statement");
  const statement: unknown = policy.Statement[0];
  if (!isRecord(statement) || !isRecord(statement.Condition))
    return deny("statement has no Condition");
  const { Resource: resource, Condition: condition } = statement;
  // Without a Resource a policy opens every file the key group guards.
  if (resource !== undefined) {
    if (typeof resource !== "string") return deny("Resource is not a string");
    if (!resourceMatches(resource, request.url)) return deny("Resource does not match the URL");
  }
  const known = new Set(["DateLessThan", "DateGreaterThan", "IpAddress"]);
  if (Object.keys(condition).some((name) => !known.has(name))) return deny("unknown condition");
  const epoch = (name: string): number | undefined => {
    const entry = condition[name];
    const value = isRecord(entry) ? entry["AWS:EpochTime"] : undefined;
    return typeof value === "number" && Number.isInteger(value) ? value : undefined;
  };
  const notAfter = epoch("DateLessThan");
  if (notAfter === undefined) return deny("DateLessThan is required");
  if (!(request.now < notAfter)) return deny("policy expired (DateLessThan)");
  if (condition.DateGreaterThan !== undefined) {
    const notBefore = epoch("DateGreaterThan");
    if (notBefore === undefined) return deny("DateGreaterThan is malformed");
    if (request.now < notBefore) return deny("policy not valid yet (DateGreaterThan)");
  }
  if (condition.IpAddress !== undefined) {
    const cidr = isRecord(condition.IpAddress) ? condition.IpAddress["AWS:SourceIp"] : undefined;
    if (typeof cidr !== "string") return deny("IpAddress is malformed");
    if (!inCidr(request.sourceIp, cidr)) return deny("source IP outside IpAddress");
  }
  return ALLOW;
}

/**
 * The canned policy CloudFront rebuilds from a URL (or cookie) and its
 * Expires value: the documented statement, byte for byte, without spaces.
 */
function cannedPolicy(resource: string, expires: number): string {
  const quoted = JSON.stringify(resource);
  return `{"Statement":[{"Resource":${quoted},"Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
}

/** Judges a request carrying CloudFront-* cookies against a trusted key group. */
export function checkSignedCookies(request: SignedCookieRequest, keyGroup: KeyGroup): Verdict {
  const values = new Map<string, string>();
  for (const [name, value] of request.cookies) {
    if (!name.startsWith("CloudFront-")) continue;
    // Two sets on one request: which one CloudFront would judge is not specified.
    if (values.has(name)) return deny(`cookie ${name} sent twice`);
    values.set(name, value);
  }
  const keyPairId = values.get("CloudFront-Key-Pair-Id");
  const signature = values.get("CloudFront-Signature");
  const encodedPolicy = values.get("CloudFront-Policy");
  const expires = values.get("CloudFront-Expires");
  if (keyPairId === undefined || signature === undefined) return deny("no signed cookies");
  const hash = hashOf(values.get("CloudFront-Hash-Algorithm"));
  if (hash === null) return deny("unsupported CloudFront-Hash-Algorithm");
  let policy: string;
  if (encodedPolicy !== undefined) {
    const bytes = fromCloudFrontBase64(encodedPolicy);
    if (bytes === null) return deny("policy is not CloudFront base64");
    policy = bytes.toString("utf8");
  } else if (expires !== undefined && /^\d+$/.test(expires)) {
    policy = cannedPolicy(request.url, Number(expires));
  } else {
    return deny("neither CloudFront-Policy nor CloudFront-Expires");
  }
  const signed = checkSignature(Buffer.from(policy, "utf8"), signature, keyPairId, hash, keyGroup);
  return signed.allow ? checkPolicy(policy, request) : signed;
}

const SIGNING_PARAMETERS = new Set([
  "Expires",
  "Policy",
  "Signature",
  "Key-Pair-Id",
  "Hash-Algorithm",
]);

/**
 * Judges a signed URL: the signing parameters are taken off the query
 * string (other parameters stay byte for byte); a canned policy is rebuilt
 * from what remains and Expires, or a custom one read from Policy, and the
 * signature is checked over it.
 */
export function checkSignedUrl(
  signedUrl: string,
  keyGroup: KeyGroup,
  now: number,
  sourceIp?: string,
): Verdict {
  const queryAt = signedUrl.indexOf("?");
  if (queryAt === -1) return deny("no signing parameters");
  const kept: string[] = [];
  const params = new Map<string, string>();
  for (const part of signedUrl.slice(queryAt + 1).split("&")) {
    // A malformed escape stays as sent: it then fails the checks below, never the request.
    const [rawName, rawValue] = splitQueryPart(part);
    const name = decodeQueryComponent(rawName);
    if (!SIGNING_PARAMETERS.has(name)) {
      kept.push(part);
      continue;
    }
    if (params.has(name)) return deny(`parameter ${name} given twice`);
    params.set(name, decodeQueryComponent(rawValue));
  }
  const url = signedUrl.slice(0, queryAt) + (kept.length > 0 ? `?${kept.join("&")}` : "");
  const keyPairId = params.get("Key-Pair-Id");
  const signature = params.get("Signature");
  const expires = params.get("Expires");
  if (keyPairId === undefined || signature === undefined) return deny("no signature");
  const hash = hashOf(params.get("Hash-Algorithm"));
  if (hash === null) return deny("unsupported Hash-Algorithm");
  const encodedPolicy = params.get("Policy");
  let policy: string;
  if (encodedPolicy !== undefined) {
    // A custom policy: its own Resource (wildcards allowed) and conditions.
    const bytes = fromCloudFrontBase64(encodedPolicy);
    if (bytes === null) return deny("Policy is not CloudFront base64");
    policy = bytes.toString("utf8");
  } else {
    if (expires === undefined || !/^\d+$/.test(expires)) return deny("no Expires");
    policy = cannedPolicy(url, Number(expires));
  }
  const signed = checkSignature(Buffer.from(policy, "utf8"), signature, keyPairId, hash, keyGroup);
  return signed.allow ? checkPolicy(policy, { url, cookies: [], now, sourceIp }) : signed;
}
