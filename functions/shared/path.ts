// Path normalization for access decisions. Rules are matched against one
// canonical form of the path, computed once, and the origin then receives
// that same form re-encoded: what was checked is what is fetched. Anything
// that two parsers could read differently (encoded slashes, backslashes,
// double encoding, invalid UTF-8) is refused instead of guessed at.

export type NormalizedPath =
  | {
      ok: true;
      /** Decoded, canonical path: starts with "/", no "//", no "." or ".." segments. */
      path: string;
      /** `path` percent-encoded again, for `request.uri`. */
      uri: string;
    }
  | { ok: false };

// C0 controls, DEL and C1 controls: never part of a legitimate object key.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// An encoded "/" or "\" would let one segment become two after an origin's own decoding.
const ENCODED_SEPARATOR = /%(2f|5c)/i;
// Still percent-encoded after one decode: double encoding such as %252e.
const PERCENT_ENCODED = /%[0-9a-f]{2}/i;

const INVALID: NormalizedPath = { ok: false };

// Segments of unreserved characters (RFC 3986 2.3), none empty and none
// starting with ".": decoding and re-encoding leave such a path unchanged and
// it holds no dot segment, so it is already canonical.
const CANONICAL = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?$/;

/** Percent-decodes once (strict UTF-8) and canonicalizes `rawUri`, or refuses it. */
export function normalizePath(rawUri: string): NormalizedPath {
  if (rawUri.startsWith("/") && CANONICAL.test(rawUri))
    return { ok: true, path: rawUri, uri: rawUri };
  if (!rawUri.startsWith("/")) return INVALID;
  if (ENCODED_SEPARATOR.test(rawUri) || rawUri.includes("\\") || CONTROL.test(rawUri)) {
    return INVALID;
  }
  let decoded: string;
  try {
    // Throws URIError on malformed escapes and on invalid UTF-8 (overlong forms, surrogates).
    decoded = decodeURIComponent(rawUri);
  } catch {
    return INVALID;
  }
  if (decoded.includes("\\") || CONTROL.test(decoded) || PERCENT_ENCODED.test(decoded)) {
    return INVALID;
  }

  const segments = decoded.split("/").slice(1);
  const kept: string[] = [];
  for (const segment of segments) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      // Climbing above the root is an attack, not a path.
      if (kept.length === 0) return INVALID;
      kept.pop();
      continue;
    }
    kept.push(segment);
  }
  // "/a/", "/a/." and "/a/b/.." all name the folder "/a/" (RFC 3986 5.2.4).
  const last = segments[segments.length - 1];
  const folder = kept.length > 0 && (last === "" || last === "." || last === "..");
  const tail = folder ? "/" : "";
  try {
    return {
      ok: true,
      path: "/" + kept.join("/") + tail,
      // Throws on a lone surrogate, which only a forged event can carry raw.
      uri: "/" + kept.map(encodeURIComponent).join("/") + tail,
    };
  } catch {
    return INVALID;
  }
}

/**
 * Whether `value` can stand for exactly one path segment, whatever decoding
 * or normalization happens around it: no separators, no "%", no dot segments
 * or "..", no control characters, 1 to `maxLength` characters.
 */
export function isSafeSegment(value: string, maxLength: number): boolean {
  return (
    value.length > 0 &&
    value.length <= maxLength &&
    value !== "." &&
    !value.includes("..") &&
    !/[/\\%]/.test(value) &&
    !CONTROL.test(value)
  );
}

/**
 * Whether `path` falls under rule `prefix`: a prefix ending in "/" is a folder
 * and matches itself and everything below it; any other prefix matches only
 * that exact path.
 */
export function matchesPrefix(path: string, prefix: string): boolean {
  return prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix;
}
