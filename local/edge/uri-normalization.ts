// What CloudFront does with a request target before anything else: the size
// limits of its quotas page, and the RFC 3986 normalization it applies to the
// path for behaviour matching only (the raw path goes on to the function and
// the origin).

/** Quotas: maximum length of a URL CloudFront builds from the request. */
export const MAX_URL_BYTES = 8192;
/** Quotas: maximum length of a request including headers and query string, without the body. */
export const MAX_REQUEST_BYTES = 20_480;

export interface RequestSize {
  /** Bytes of the URL CloudFront builds: scheme://host + request target. */
  urlBytes: number;
  /** Bytes of the request line plus every header line (name: value CRLF). */
  requestBytes: number;
}

/**
 * The status CloudFront answers a request that breaks a size quota with, or
 * null. Both limits answer 413 Request Entity Too Large (its documented
 * behaviour for "a request or a URL exceeds these maximums").
 */
export function sizeRefusal(size: RequestSize): 413 | null {
  return size.urlBytes > MAX_URL_BYTES || size.requestBytes > MAX_REQUEST_BYTES ? 413 : null;
}

export type SplitTarget =
  { ok: true; path: string; querystring: string } | { ok: false; status: 400 };

/** An origin-form request target split at the first "?"; anything else is a bad request. */
export function splitTarget(target: string): SplitTarget {
  if (!target.startsWith("/")) return { ok: false, status: 400 };
  const q = target.indexOf("?");
  const path = q === -1 ? target : target.slice(0, q);
  const querystring = q === -1 ? "" : target.slice(q + 1);
  // Raw spaces, controls or "#" cannot arrive on the wire in a valid target.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f#]/.test(path) || /[\u0000-\u0020\u007f]/.test(querystring)) {
    return { ok: false, status: 400 };
  }
  return { ok: true, path, querystring };
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * RFC 3986 syntax-based normalization of a path (6.2.2): percent-escapes of
 * unreserved characters decoded, other escapes in upper case, dot segments
 * removed (5.2.4). "//" stays: RFC 3986 keeps empty segments. Null for an
 * invalid percent-escape.
 */
export function normalizeForMatching(rawPath: string): string | null {
  let decoded = "";
  for (let i = 0; i < rawPath.length; i++) {
    const c = rawPath[i];
    if (c !== "%") {
      decoded += c;
      continue;
    }
    const hex = rawPath.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    const char = String.fromCharCode(parseInt(hex, 16));
    decoded += UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
    i += 2;
  }
  return removeDotSegments(decoded);
}

/** RFC 3986 5.2.4, for an absolute path. */
export function removeDotSegments(input: string): string {
  const output: string[] = [];
  const segments = input.split("/").slice(1);
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === ".") {
      if (last) output.push("");
    } else if (segment === "..") {
      if (output.length > 0) output.pop();
      if (last) output.push("");
    } else {
      output.push(segment);
    }
  });
  return `/${output.join("/")}`;
}
