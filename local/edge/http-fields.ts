// Headers and cookies as the emulator hands them from step to step: [name,
// value] pairs in arrival order, Lambda@Edge's CloudFront header maps, one
// value per header name (repeats joined with ","), and Cookie headers split
// into cookies.
import type { CloudFrontHeaders } from "aws-lambda";
import { isDisallowedHeader } from "./edge-headers";

/** The cookies of one Cookie header value, as `name=value` strings. */
export function splitCookieHeader(value: string): string[] {
  return value
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** [name, value] of every cookie in `values` (Cookie header values), in order. */
export function cookiePairs(values: readonly string[]): [string, string][] {
  return values.flatMap(splitCookieHeader).map((cookie): [string, string] => {
    const eq = cookie.indexOf("=");
    return eq === -1 ? [cookie, ""] : [cookie.slice(0, eq), cookie.slice(eq + 1)];
  });
}

/** Lowercase name -> value; a repeated header's values joined with "," as HTTP allows. */
export function joinedHeaders(pairs: readonly [string, string][]): Map<string, string> {
  const joined = new Map<string, string>();
  for (const [key, value] of pairs) {
    const name = key.toLowerCase();
    const before = joined.get(name);
    joined.set(name, before === undefined ? value : `${before},${value}`);
  }
  return joined;
}

/** The CloudFront header map a function gets; disallowed headers are never exposed to it. */
export function cloudFrontHeaders(pairs: readonly [string, string][]): CloudFrontHeaders {
  const map: CloudFrontHeaders = {};
  for (const [key, value] of pairs) {
    if (isDisallowedHeader(key)) continue;
    (map[key.toLowerCase()] ??= []).push({ key, value });
  }
  return map;
}

/** [lowercase name, value] pairs of a CloudFront header map. */
export function pairsOfCloudFrontHeaders(map: CloudFrontHeaders): [string, string][] {
  return Object.entries(map).flatMap(([name, entries]) =>
    entries.map((entry): [string, string] => [name.toLowerCase(), entry.value]),
  );
}
