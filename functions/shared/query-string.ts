// Query-string handling for CloudFront's raw `querystring` (no leading "?").
//
// URLSearchParams would decode and re-serialize every parameter when one is
// removed ("a=%7E" comes back as "a=~", "+" and "%20" merge), which changes
// the cache key and what the origin sees. Splitting on "&" and decoding only
// the names keeps every other parameter byte for byte.

/** The values of one parameter, and the query string without it. */
export interface TakenParameter {
  /** Each occurrence's value, form-decoded; null when its encoding is invalid. */
  values: (string | null)[];
  /** The query string with every occurrence removed, other parameters untouched. */
  rest: string;
}

/** application/x-www-form-urlencoded decoding ("+" is a space); null on invalid encoding. */
export function formDecode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** Removes every occurrence of parameter `name` (compared decoded) and returns their values. */
export function takeParameter(querystring: string, name: string): TakenParameter {
  if (querystring === "") return { values: [], rest: "" };
  const values: (string | null)[] = [];
  const kept: string[] = [];
  for (const part of querystring.split("&")) {
    const eq = part.indexOf("=");
    const rawName = eq === -1 ? part : part.slice(0, eq);
    if (formDecode(rawName) === name) {
      values.push(eq === -1 ? "" : formDecode(part.slice(eq + 1)));
    } else {
      kept.push(part);
    }
  }
  return { values, rest: kept.join("&") };
}
