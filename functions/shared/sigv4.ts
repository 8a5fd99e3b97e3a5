// AWS Signature Version 4 for the one kind of request edge-gate's functions
// send to AWS themselves: a JSON POST without a query (DynamoDB's GetItem and
// UpdateItem, SSM's GetParameter), to a service's root or, on loopback, to a
// stand-in's path. Written here, over node:crypto, because a general signer
// does not fit the edge: aws4 was 8.0 of the session checker's 31.3 KB
// minified and 2 to 3 ms of its first table call, for paths, queries and
// services this request never has; the SDK's signer is larger still. Held to
// AWS's published test suite and, for any such request, to the SDK's own
// signer (__tests__/functions/shared/sigv4.test.ts);
// docs/decisions/0016-own-sigv4-signer.md says why.
import type * as NodeCrypto from "node:crypto";

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials' token (Lambda's are), sent and signed as x-amz-security-token. */
  sessionToken?: string;
}

export interface SignedPost {
  /** Without a query: no call edge-gate makes has one. */
  url: URL;
  region: string;
  /** The signing name: dynamodb, ssm ... */
  service: string;
  /** Lower-case names: all are signed. */
  headers: Record<string, string>;
  body: string;
}

// node:crypto is loaded by the first signature, not with the module: the
// session checker's public paths never sign (https loads it anyway).
let nodeCrypto: typeof NodeCrypto | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = () => (nodeCrypto ??= require("node:crypto") as typeof NodeCrypto);

const sha256Hex = (text: string) =>
  crypto().createHash("sha256").update(text, "utf8").digest("hex");
const hmac = (key: string | Buffer, text: string) =>
  crypto().createHmac("sha256", key).update(text, "utf8").digest();

/**
 * The canonical URI of a service other than S3: the path as sent (which URL
 * has already normalized and percent-encoded), empty segments left out as
 * AWS's SDK leaves them, each segment encoded again.
 */
function canonicalPath(path: string): string {
  if (path === "/") return path; // every AWS endpoint's
  const segments = path.split("/").filter((segment) => segment !== "");
  const trailing = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return encodeURIComponent(`/${segments.join("/")}${trailing}`)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, "/");
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `20150830T123600Z`: the time in UTC to the second (years 1000 to 9999,
 * as toISOString writes them). Written out: a first toISOString and the
 * regular expression to strip it cost a new instance about 0.3 ms of CPU,
 * five times as much.
 */
function amzDate(now: number): string {
  const d = new Date(now);
  const day = `${d.getUTCFullYear()}${twoDigits(d.getUTCMonth() + 1)}${twoDigits(d.getUTCDate())}`;
  return `${day}T${twoDigits(d.getUTCHours())}${twoDigits(d.getUTCMinutes())}${twoDigits(d.getUTCSeconds())}Z`;
}

/** The last signing key and what it was derived from: one per day, region and service. */
let lastKey: { secret: string; scope: string; key: Buffer } | undefined;

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const scope = `${day}/${region}/${service}`;
  if (lastKey?.secret !== secret || lastKey.scope !== scope) {
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request");
    lastKey = { secret, scope, key };
  }
  return lastKey.key;
}

/**
 * The headers to send `post` with at `now` (ms since the epoch): the
 * caller's, `host`, `x-amz-date`, the session token when there is one, and
 * `authorization`. Canonical header values are trimmed, inner whitespace
 * runs made one space, as the standard says.
 */
export function signPost(
  post: SignedPost,
  credentials: SigningCredentials,
  now: number = Date.now(),
): Record<string, string> {
  const { url, region, service, body } = post;
  if (url.search !== "") throw new Error("signPost signs requests without a query only");
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const headers: Record<string, string> = { ...post.headers, host: url.host, "x-amz-date": date };
  if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedNames = names.join(";");
  const canonicalRequest = [
    "POST",
    canonicalPath(url.pathname),
    "",
    ...names.map((name) => `${name}:${headers[name].trim().replace(/\s+/g, " ")}`),
    "",
    signedNames,
    sha256Hex(body),
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const signature = crypto()
    .createHmac("sha256", signingKey(credentials.secretAccessKey, day, region, service))
    .update(`AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256Hex(canonicalRequest)}`, "utf8")
    .digest("hex");
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedNames}, Signature=${signature}`;
  return headers;
}
