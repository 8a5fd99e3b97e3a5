// Cold-start validation of config.json. The stack renders it from a validated
// environment, but a checker that trusted it blindly would fail open on a
// broken deploy; so it is checked again here, by hand (a schema library would
// multiply the viewer-request bundle), and any problem makes the function
// refuse every request. The header and origin rules are the bearer
// function's (functions/bearer-jwt/parse-config.ts), repeated rather than
// imported: that module pulls aws-jwt-verify into whatever bundles it. The
// path rules are checked by their own module, as in the bearer function.
import { pathRuleProblems } from "../shared/path-rules";
import { isReservedHeader } from "../shared/reserved-headers";
import type { SessionCheckerConfig } from "./config";
import { endpointFor } from "./table-endpoint";
import { isRecord } from "../shared/is-record";

export type ParsedConfig =
  | { ok: true; config: SessionCheckerConfig }
  /** `problems` names each field that is missing or invalid ("table.endpoint", ...). */
  | { ok: false; problems: string[] };

type Fields = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const matches =
  (pattern: RegExp): Check =>
  (v) =>
    typeof v === "string" && pattern.test(v);

const isListOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);

const isIntegerIn =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

const nullOr =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * https, or plain http to a loopback host only (a local table never crosses
 * a network); no credentials, query or fragment, and no template brace left.
 */
const isServiceUrl: Check = (v) => {
  if (typeof v !== "string" || /[{}\s]/.test(v)) return false;
  try {
    const url = new URL(v);
    if (url.username || url.password || url.search || url.hash) return false;
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
};

/** us-east-1, us-gov-west-1, ap-southeast-2, eusc-de-east-1 ... */
const isRegion = matches(/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/);

/** Seconds in a leap year: no session or cache lifetime is meant to be longer. */
const YEAR = 366 * 24 * 3600;

const CHECKS: Record<string, Check> = {
  // An RFC 6265 cookie-name token.
  cookieName: matches(/^[!#$%&'*+.^_`|~\w-]{1,64}$/),
  table: isRecord,
  // DynamoDB's own naming rule.
  "table.name": matches(/^[A-Za-z0-9_.-]{3,255}$/),
  "table.homeRegion": isRegion,
  "table.replicaRegions": isListOf(isRegion),
  // Well under Lambda@Edge's 5 s viewer-request limit, leaving room for a cold start.
  lookupTimeoutMs: isIntegerIn(1, 3000),
  // Also the longest a revoked session keeps passing: bounded to an hour.
  positiveCacheSeconds: isIntegerIn(0, 3600),
  negativeCacheSeconds: isIntegerIn(0, 3600),
  // Their bytes have a budget of their own (check-session.ts), whatever the count.
  cacheMaxEntries: isIntegerIn(1, 100000),
  idleTimeoutSeconds: nullOr(isIntegerIn(1, YEAR)),
  activityIntervalSeconds: nullOr(isIntegerIn(1, YEAR)),
  // Same-site path, one leading "/", RFC 3986 path characters only: no
  // query or fragment (the checker appends "?path=") and header-safe.
  loginPath: (v) =>
    matches(/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/)(v) &&
    !(v as string).split("/").includes(".."),
  // An RFC 9110 token naming no reserved header.
  identityHeader: (v) =>
    matches(/^[!#$%&'*+.^_`|~\w-]{1,64}$/)(v) && !isReservedHeader(v as string),
  corsAllowedOrigins: isListOf(
    matches(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/),
  ),
};

/**
 * The endpoint template must give a service URL for every region a replica
 * may read. Invalid regions are reported on their own field, so they are
 * left out here (a sample region stands in when none is valid).
 */
function endpointIsValid(table: Fields): boolean {
  const template = table.endpoint;
  if (typeof template !== "string") return false;
  const replicas = Array.isArray(table.replicaRegions) ? table.replicaRegions : [];
  const regions = [table.homeRegion, ...replicas].filter(isRegion) as string[];
  if (regions.length === 0) regions.push("us-east-1");
  return regions.every((region) => isServiceUrl(endpointFor(template, region)));
}

/**
 * Activity is recorded exactly when there is an idle timeout, and more often
 * than it: a reader must never go idle between two records.
 */
function activityFitsIdle(config: Fields): boolean {
  const { idleTimeoutSeconds: idle, activityIntervalSeconds: interval } = config;
  if (idle === null || interval === null) return idle === interval;
  return typeof idle === "number" && typeof interval === "number" && interval < idle;
}

/** Validates the raw config.json content; on success returns a fresh, plain copy. */
export function parseConfig(raw: unknown): ParsedConfig {
  if (!isRecord(raw)) return { ok: false, problems: ["config"] };
  // A JSON round trip reads every field exactly once and leaves plain data:
  // what is validated is what is used, and later changes to `raw` cannot leak in.
  let config: Fields;
  try {
    config = JSON.parse(JSON.stringify(raw));
  } catch {
    return { ok: false, problems: ["config"] }; // e.g. a cycle or a throwing getter
  }
  const table = isRecord(config.table) ? config.table : {};
  const problems = Object.keys(CHECKS).filter((field) => {
    const value = field.startsWith("table.") ? table[field.slice(6)] : config[field];
    return !CHECKS[field](value);
  });
  if (!endpointIsValid(table)) problems.push("table.endpoint");
  problems.push(...pathRuleProblems(config.rules));
  if (!activityFitsIdle(config) && !problems.includes("activityIntervalSeconds")) {
    problems.push("activityIntervalSeconds");
  }
  if (problems.length > 0) return { ok: false, problems };
  config.identityHeader = (config.identityHeader as string).toLowerCase();
  return { ok: true, config: config as unknown as SessionCheckerConfig };
}
