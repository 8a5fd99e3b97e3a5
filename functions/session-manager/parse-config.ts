// Validates the session manager's config (EDGE_GATE_CONFIG) at cold start:
// a config that is not exactly what the stack renders refuses every request.
import type { SessionManagerConfig } from "./config";
import { isRecord } from "../shared/is-record";

export type ParsedConfig =
  { ok: true; config: SessionManagerConfig } | { ok: false; problems: string[] };

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === "string" && v.length > 0;
const isPath: Check = (v) => typeof v === "string" && /^\/(?![/\\])[^\s\\]*$/.test(v);
const isSeconds: Check = (v) => Number.isInteger(v) && (v as number) > 0;
const isCookieName: Check = (v) =>
  typeof v === "string" && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/.test(v);

function isUrl(v: unknown, originOnly: boolean): boolean {
  if (typeof v !== "string") return false;
  try {
    const url = new URL(v);
    if (url.protocol !== "https:" && url.protocol !== "http:") return false;
    return originOnly ? url.origin === v : true;
  } catch {
    return false;
  }
}

const record = (v: unknown): Record<string, unknown> | undefined => (isRecord(v) ? v : undefined);

export function parseConfig(raw: unknown): ParsedConfig {
  const problems: string[] = [];
  const check = (ok: boolean, field: string, expected: string) => {
    if (!ok) problems.push(`${field}: expected ${expected}`);
  };
  const config = record(raw);
  if (config === undefined) return { ok: false, problems: ["config: expected a JSON object"] };
  const hostedUi = record(config.hostedUi) ?? {};
  const table = record(config.table) ?? {};

  check(isUrl(config.siteOrigin, true), "siteOrigin", "an origin (scheme://host[:port])");
  check(
    isPath(config.basePath) && !(config.basePath as string).endsWith("/"),
    "basePath",
    "a path without trailing slash",
  );
  check(isUrl(hostedUi.baseUrl, false), "hostedUi.baseUrl", "an http(s) URL");
  check(isString(hostedUi.clientId), "hostedUi.clientId", "a string");
  check(
    Array.isArray(hostedUi.scopes) &&
      hostedUi.scopes.every(isString) &&
      hostedUi.scopes.includes("openid"),
    "hostedUi.scopes",
    'strings including "openid"',
  );
  check(isUrl(hostedUi.issuer, false), "hostedUi.issuer", "an http(s) URL");
  check(isUrl(hostedUi.jwksUri, false), "hostedUi.jwksUri", "an http(s) URL");
  check(isString(table.name), "table.name", "a string");
  check(isString(table.region), "table.region", "a region");
  check(table.endpoint === null || isUrl(table.endpoint, false), "table.endpoint", "null or a URL");
  check(isCookieName(config.cookieName), "cookieName", "a cookie name");
  check(isSeconds(config.sessionLifetimeSeconds), "sessionLifetimeSeconds", "a positive integer");
  check(
    config.idleTimeoutSeconds === null || isSeconds(config.idleTimeoutSeconds),
    "idleTimeoutSeconds",
    "null or a positive integer",
  );
  check(isPath(config.afterLogoutPath), "afterLogoutPath", "a path starting with one '/'");

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: raw as SessionManagerConfig };
}
