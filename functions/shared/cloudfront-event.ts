// Access to Lambda@Edge viewer-request events. The event is treated as
// untrusted input: an edge function must fail closed on any shape CloudFront
// would never send, so the reader validates instead of casting.
import type { CloudFrontHeaders, CloudFrontRequest } from "aws-lambda";

export type { CloudFrontHeaders, CloudFrontRequest };

type HeaderEntry = CloudFrontHeaders[string][number];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isHeaderEntry(value: unknown): value is HeaderEntry {
  return (
    isRecord(value) &&
    typeof value.value === "string" &&
    (value.key === undefined || typeof value.key === "string")
  );
}

function isHeaderMap(value: unknown): value is CloudFrontHeaders {
  if (!isRecord(value)) return false;
  return Object.keys(value).every((name) => {
    const entries = value[name];
    return Array.isArray(entries) && entries.every(isHeaderEntry);
  });
}

/**
 * The request of a viewer-request event, or null when the event is not the
 * shape CloudFront sends (one record, string uri and method, header map of
 * `{key, value}` arrays). A missing querystring is read as "" (no parameters).
 */
export function readViewerRequest(event: unknown): CloudFrontRequest | null {
  if (!isRecord(event)) return null;
  const records = event.Records;
  if (!Array.isArray(records) || records.length !== 1) return null;
  const record: unknown = records[0];
  if (!isRecord(record) || !isRecord(record.cf)) return null;
  const request = record.cf.request;
  if (!isRecord(request)) return null;
  if (typeof request.uri !== "string" || typeof request.method !== "string") return null;
  if (request.querystring === undefined) request.querystring = "";
  if (typeof request.querystring !== "string") return null;
  if (!isHeaderMap(request.headers)) return null;
  return request as unknown as CloudFrontRequest;
}

/**
 * Whether an entry belongs to header `name` (lowercase). CloudFront keys the
 * map by the lowercase name, but the `key` field is what goes on the wire, so
 * both are compared: a copy hiding under another map key still counts.
 */
function belongsTo(mapKey: string, entry: HeaderEntry, name: string): boolean {
  return mapKey.toLowerCase() === name || entry.key?.toLowerCase() === name;
}

/** Every value of header `name` (lowercase), in order, however the event spells it. */
export function headerValues(headers: CloudFrontHeaders, name: string): string[] {
  const values: string[] = [];
  for (const mapKey of Object.keys(headers)) {
    for (const entry of headers[mapKey]) {
      if (belongsTo(mapKey, entry, name)) values.push(entry.value);
    }
  }
  return values;
}

/** The first value of header `name` (lowercase), if any. */
export function firstHeaderValue(headers: CloudFrontHeaders, name: string): string | undefined {
  return headerValues(headers, name)[0];
}

/** Removes every copy of header `name` (lowercase), whatever the casing of its map key or `key`. */
export function removeHeader(headers: CloudFrontHeaders, name: string): void {
  for (const mapKey of Object.keys(headers)) {
    const entries = headers[mapKey];
    // Runs on every request: copy only the rare list that holds a match.
    if (!entries.some((entry) => belongsTo(mapKey, entry, name))) continue;
    const kept = entries.filter((entry) => !belongsTo(mapKey, entry, name));
    if (kept.length === 0) delete headers[mapKey];
    else headers[mapKey] = kept;
  }
}

/** "x-edge-gate-sub" -> "X-Edge-Gate-Sub": the wire spelling CloudFront expects in `key`. */
export function properCase(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("-");
}

/** Replaces header `name` (lowercase) with exactly one value. */
export function setHeader(headers: CloudFrontHeaders, name: string, value: string): void {
  removeHeader(headers, name);
  headers[name] = [{ key: properCase(name), value }];
}
