// One line per viewer request, for people reading a local run and for
// failed e2e tests: what came in, which behaviour and check decided, what the
// origin and the cache did, and what went back.

export type FunctionVerdictLabel =
  | "none"
  | "passed"
  | "responded"
  | "invalid-response"
  | "error"
  | "timeout"
  | "signed-allowed"
  | "signed-refused";

export interface LocalRequestLogEntry {
  method: string;
  uri: string;
  /** The matched behaviour's path pattern, or "default". */
  behaviour: string;
  /** What the viewer-request function (or CloudFront's signed check) decided. */
  functionVerdict: FunctionVerdictLabel;
  /** Why, when the verdict was a refusal or a failure. */
  detail?: string;
  /** Origin id asked, or "-" when none was. */
  origin: string;
  status: number;
  cache: "hit" | "miss" | "-";
}

export function formatLogEntry(e: LocalRequestLogEntry): string {
  const detail = e.detail === undefined ? "" : ` (${e.detail})`;
  return `${e.method} ${e.uri} behaviour=${e.behaviour} check=${e.functionVerdict}${detail} origin=${e.origin} cache=${e.cache} -> ${e.status}`;
}
