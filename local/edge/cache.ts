// CloudFront's shared cache: the key a cache policy makes of a request, how
// long an origin's answer may be kept (policy TTLs against Cache-Control and
// Expires), and the store itself. One entry serves every viewer whose request
// makes the same key: two users, one cached copy.
import { listIncludes, type CachePolicy } from "./policies";

export interface KeyRequest {
  method: string;
  /** Path after the viewer-request function (what the origin is asked for). */
  uri: string;
  querystring: string;
  /** Lowercase header name -> value (repeated headers joined with ","). */
  headers: Map<string, string>;
  cookies: [string, string][];
}

/**
 * Accept-Encoding as CloudFront normalizes it into the key when the policy
 * enables gzip and/or Brotli: only those two codings, nothing for the rest.
 */
export function normalizedAcceptEncoding(
  value: string | undefined,
  policy: CachePolicy,
): string | null {
  if (!policy.acceptEncodingGzip && !policy.acceptEncodingBrotli) return null;
  const codings = (value ?? "")
    .split(",")
    .map((part) => part.trim().split(";"))
    .filter(([, q]) => !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q ?? ""))
    .map(([coding]) => coding.toLowerCase());
  const br = policy.acceptEncodingBrotli && codings.includes("br");
  const gzip = policy.acceptEncodingGzip && codings.includes("gzip");
  if (br && gzip) return "br,gzip";
  return br ? "br" : gzip ? "gzip" : null;
}

/** The cache key of `request` under `policy`: GET and HEAD share entries. */
export function cacheKey(request: KeyRequest, policy: CachePolicy): string {
  const params = new URLSearchParams(request.querystring);
  const query = [...params]
    .filter(([name]) => listIncludes(policy.queryStrings, name))
    .sort(([a], [b]) => a.localeCompare(b));
  const headers = [...request.headers]
    .filter(([name]) => policy.headers.behaviour !== "none" && listIncludes(policy.headers, name))
    .sort(([a], [b]) => a.localeCompare(b));
  const cookies = request.cookies
    .filter(([name]) => listIncludes(policy.cookies, name))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([
    request.uri,
    query,
    headers,
    cookies,
    normalizedAcceptEncoding(request.headers.get("accept-encoding"), policy),
  ]);
}

/** Status codes CloudFront caches as successes (by TTL) and as errors (by error caching TTL). */
const CACHEABLE = new Set([200, 203, 300, 301, 302, 307, 410]);
const CACHEABLE_ERRORS = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);

function directives(cacheControl: string | undefined): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (const part of (cacheControl ?? "").split(",")) {
    const [name, value] = part.split("=").map((s) => s.trim());
    if (name !== "")
      out.set(name.toLowerCase(), value === undefined ? true : value.replace(/^"|"$/g, ""));
  }
  return out;
}

/**
 * Seconds to keep a success: no-store/no-cache/private keep it only for a
 * minimum TTL above 0; s-maxage, then max-age, then Expires, clamped to
 * [min, max]; the default TTL without any of them.
 */
export function successTtl(
  policy: CachePolicy,
  headers: { cacheControl?: string; expires?: string },
  nowMs: number,
): number {
  if (policy.maxTtl === 0) return 0;
  const d = directives(headers.cacheControl);
  if (d.has("no-store") || d.has("no-cache") || d.has("private")) return policy.minTtl;
  const seconds = (v: string | true | undefined) =>
    typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
  let ttl = seconds(d.get("s-maxage")) ?? seconds(d.get("max-age"));
  if (ttl === undefined && headers.expires !== undefined) {
    const at = Date.parse(headers.expires);
    ttl = Number.isNaN(at) ? 0 : Math.max(0, Math.floor((at - nowMs) / 1000));
  }
  if (ttl === undefined) return policy.defaultTtl;
  return Math.min(policy.maxTtl, Math.max(policy.minTtl, ttl));
}

/** Seconds to keep an origin's answer with `status` (0: not cached). */
export function responseTtl(
  policy: CachePolicy,
  status: number,
  headers: { cacheControl?: string; expires?: string },
  errorCachingMinTtl: number,
  nowMs: number,
): number {
  if (policy.maxTtl === 0) return 0;
  if (CACHEABLE.has(status)) return successTtl(policy, headers, nowMs);
  if (CACHEABLE_ERRORS.has(status)) return errorCachingMinTtl;
  return 0;
}

export interface CachedResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

interface Entry {
  response: CachedResponse;
  storedAt: number;
  expiresAt: number;
}

/** The edge's cache: entries by key until their TTL runs out. */
export class EdgeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The live entry for `key` and its age in seconds, or undefined. */
  get(key: string): { response: CachedResponse; ageSeconds: number } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const now = this.now();
    if (now >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return { response: entry.response, ageSeconds: Math.floor((now - entry.storedAt) / 1000) };
  }

  put(key: string, response: CachedResponse, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return;
    const now = this.now();
    this.entries.set(key, { response, storedAt: now, expiresAt: now + ttlSeconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
