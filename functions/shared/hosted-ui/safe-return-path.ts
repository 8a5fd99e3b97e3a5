// Where a browser goes after login: only ever a path on this site. The
// `path` a login starts with comes from a URL anyone can craft, so anything
// a browser, a proxy or a later decoding step could read as another host
// (`//host`, backslashes, schemes, encoded or control-character variants)
// falls back to "/" instead of being repaired.

/** Longer than any path worth returning to; also bounds the login record. */
const MAX_LENGTH = 2048;
/** How many rounds of percent-decoding are checked for a hidden "//" or "\". */
const DECODING_ROUNDS = 3;
/** Parsing base: only its origin matters, and it can never be a real host. */
const BASE = "https://edge-gate.invalid";

// C0/C1 controls, DEL and line separators: browsers strip or reinterpret
// them (a tab inside "/\t/host" vanishes), so their presence in any decoding
// disqualifies a path. Raw input must not hold any whitespace at all; an
// encoded space (%20) is an ordinary character of a file name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const WHITESPACE = /\s/;

function unsafeForm(text: string): boolean {
  return (
    !text.startsWith("/") || text.startsWith("//") || text.includes("\\") || CONTROL.test(text)
  );
}

/** Percent-decodes once; null when the text is not valid percent-encoded UTF-8. */
function decodeOnce(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * `value` as a same-site relative path with its query (`/a/b?c=d`,
 * percent-encoded ASCII, no fragment), or "/" when it is missing, oversized,
 * or could lead anywhere else under any number of decodings.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return "/";
  if (WHITESPACE.test(value)) return "/";
  let form = value;
  for (let round = 0; round <= DECODING_ROUNDS; round++) {
    if (unsafeForm(form)) return "/";
    const decoded = decodeOnce(form);
    if (decoded === null) return "/";
    if (decoded === form) break;
    form = decoded;
  }
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = url.pathname + url.search;
  // Dot segments can collapse into "//" ("/.//x"); re-check what is returned.
  if (unsafeForm(path) || path.length > MAX_LENGTH) return "/";
  return path;
}
