// Cold-start validation of config.json. The file is rendered by the stack
// from a validated environment, but a function that trusted it blindly would
// fail open on a broken deploy; so it is checked again here, by hand (a schema
// library would multiply the viewer-request bundle), and any problem makes
// the function refuse every request.
import { isJwks } from "aws-jwt-verify/jwk";
import type { Json } from "aws-jwt-verify/safe-json-parse";
import { pathRuleProblems } from "../shared/path-rules";
import { isReservedHeader } from "../shared/reserved-headers";
import { isServiceUrl } from "../shared/service-url";
import type { BearerJwtConfig } from "./config";
import { isRecord } from "../shared/is-record";

export type ParsedConfig =
  | { ok: true; config: BearerJwtConfig }
  /** `problems` names each field that is missing or invalid. */
  | { ok: false; problems: string[] };

type Fields = Record<string, unknown>;
type Check = (value: unknown) => boolean;

/** A login target: a service URL, or a path starting with exactly one "/"; header-safe either way. */
const isLoginUrl: Check = (v) =>
  typeof v === "string" &&
  /^[\x21-\x7e]+$/.test(v) &&
  (/^\/(?![/\\])/.test(v) ? !v.includes("\\") : isServiceUrl(v));

const isNonEmptyString: Check = (v) => typeof v === "string" && v.length > 0;

const isListOf =
  (check: Check, minLength = 0): Check =>
  (v) =>
    Array.isArray(v) && v.length >= minLength && v.every(check);

const isNumberIn =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === "number" && v >= min && v <= max;

const nullOr =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);

const matches =
  (pattern: RegExp): Check =>
  (v) =>
    typeof v === "string" && pattern.test(v);

const CHECKS: Record<string, Check> = {
  issuer: isServiceUrl,
  jwksUri: isServiceUrl,
  jwks: (v) => isJwks(v as Json),
  clientIds: isListOf(isNonEmptyString, 1),
  clockSkewSeconds: isNumberIn(0, 3600),
  // Well under Lambda@Edge's 5 s viewer-request limit.
  jwksFetchTimeoutMs: isNumberIn(1, 5000),
  tokenQueryParameter: nullOr(matches(/^[\w.~-]{1,64}$/)),
  loginUrl: nullOr(isLoginUrl),
  corsAllowedOrigins: isListOf(
    matches(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/),
  ),
  // An RFC 9110 token naming no reserved header.
  identityHeader: (v) =>
    matches(/^[!#$%&'*+.^_`|~\w-]{1,64}$/)(v) && !isReservedHeader(v as string),
  // Fits a quoted-string without escapes.
  realm: matches(/^[\x20\x21\x23-\x5b\x5d-\x7e]{0,128}$/),
};

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
  const problems = [
    ...Object.keys(CHECKS).filter((field) => !CHECKS[field](config[field])),
    ...pathRuleProblems(config.rules),
  ];
  if (problems.length > 0) return { ok: false, problems };
  config.identityHeader = (config.identityHeader as string).toLowerCase();
  return { ok: true, config: config as unknown as BearerJwtConfig };
}
