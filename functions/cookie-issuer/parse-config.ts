// Validates the cookie issuer's config (EDGE_GATE_CONFIG) at cold start. The
// stack renders it from a validated environment, but a signer that trusted
// it blindly could sign a policy for the wrong site or a wildcard path, so
// any field that is not exactly what the issuer can use safely makes it
// refuse every request.
import { isJwks } from "aws-jwt-verify/jwk";
import type { Json } from "aws-jwt-verify/safe-json-parse";
import { safeReturnPath } from "../shared/hosted-ui/safe-return-path";
import { isServiceUrl } from "../shared/service-url";
import type { CookieIssuerConfig } from "./config";
import { isSafeName, isSafePrefix, isUserTemplate } from "./readable-prefixes";
import { isRecord } from "../shared/is-record";

export type ParsedConfig =
  | { ok: true; config: CookieIssuerConfig }
  /** Each entry names a field and what it should have been. */
  | { ok: false; problems: string[] };

type Check = (value: unknown) => boolean;

/** Longest lifetime of a cookie set or URL: a signed policy cannot be revoked, only outlived. */
const MAX_LIFETIME_SECONDS = 30 * 24 * 3600;

const isText: Check = (v) => typeof v === "string" && v.length > 0 && v.length <= 2048;

const listOf =
  (item: Check, atLeast = 0): Check =>
  (v) =>
    Array.isArray(v) && v.length >= atLeast && v.every(item);

/** scheme://host[:port] exactly, as browsers send it in Origin and as policy resources start. */
const isOrigin: Check = (v) => isServiceUrl(v) && new URL(v as string).origin === v;

const isLifetime: Check = (v) =>
  Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_LIFETIME_SECONDS;

/** A host name of DNS labels (at least two): what a cookie Domain attribute may name. */
const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The site itself or a parent of it; a browser ignores a Domain that is neither. */
function isCookieDomainOf(siteOrigin: unknown): Check {
  return (v) => {
    if (v === null) return true;
    if (typeof v !== "string" || !DOMAIN.test(v) || !isOrigin(siteOrigin)) return false;
    const host = new URL(siteOrigin as string).hostname;
    return host === v || host.endsWith(`.${v}`);
  };
}

/** A folder path without trailing "/", of safe segments ("/_auth"). */
const isBasePath: Check = (v) =>
  typeof v === "string" && v !== "/" && !v.endsWith("/") && isSafePrefix(v);

const isGroupRule: Check = (v) => isRecord(v) && isSafeName(v.group) && isSafePrefix(v.prefix);

/** [field, check, what was expected] for every field the issuer reads. */
function checks(config: Record<string, unknown>): [string, Check, string][] {
  return [
    ["siteOrigin", isOrigin, "an https origin (scheme://host[:port])"],
    ["basePath", isBasePath, "a path of safe segments without trailing '/'"],
    ["hostedUi.baseUrl", isServiceUrl, "an https URL"],
    ["hostedUi.clientId", isText, "an app client id"],
    [
      "hostedUi.scopes",
      (v) => listOf(isText, 1)(v) && (v as string[]).includes("openid"),
      'scopes including "openid"',
    ],
    ["hostedUi.issuer", isServiceUrl, "an https URL"],
    ["hostedUi.jwksUri", isServiceUrl, "an https URL"],
    ["jwks", (v) => isJwks(v as Json), "a JWKS"],
    ["accessTokenClientIds", listOf(isText, 1), "at least one app client id"],
    [
      "signingKey.keyPairId",
      (v) => typeof v === "string" && /^[A-Za-z0-9]{1,128}$/.test(v),
      "a CloudFront public key id",
    ],
    ["signingKey.secretId", (v) => isText(v) && !/\s/.test(v as string), "a secret name or ARN"],
    ["hashAlgorithm", (v) => v === "SHA256" || v === "SHA1", '"SHA256" or "SHA1"'],
    [
      "secretsManager.region",
      (v) => typeof v === "string" && /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(v),
      "a region",
    ],
    ["secretsManager.endpoint", (v) => v === null || isServiceUrl(v), "null or an https URL"],
    ["cookieLifetimeSeconds", isLifetime, "whole seconds, at most 30 days"],
    ["signedUrlLifetimeSeconds", isLifetime, "whole seconds, at most 30 days"],
    [
      "cookieDomain",
      isCookieDomainOf(config.siteOrigin),
      "null, or the site's host or a parent domain",
    ],
    [
      "rules.groupPrefixes",
      listOf(isGroupRule),
      "{group, prefix} rules of safe names and prefixes",
    ],
    ["rules.userPrefixes", listOf(isUserTemplate), "prefixes with {sub} as a whole segment"],
    ["corsAllowedOrigins", listOf(isOrigin), "a list of origins"],
    [
      "afterLogoutPath",
      (v) => typeof v === "string" && safeReturnPath(v) === v,
      "a same-site path",
    ],
  ];
}

/** The value at a dotted path ("hostedUi.baseUrl"), undefined when any step is missing. */
function at(config: Record<string, unknown>, path: string): unknown {
  let value: unknown = config;
  for (const step of path.split(".")) value = isRecord(value) ? value[step] : undefined;
  return value;
}

/** Validates the raw EDGE_GATE_CONFIG content; on success returns a fresh, plain copy. */
export function parseConfig(raw: unknown): ParsedConfig {
  if (!isRecord(raw)) return { ok: false, problems: ["config: expected a JSON object"] };
  // A JSON round trip reads each field once and leaves plain data: what is
  // validated is what is used.
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  } catch {
    return { ok: false, problems: ["config: not JSON data"] };
  }
  const problems = checks(config)
    .filter(([field, check]) => !check(at(config, field)))
    .map(([field, , expected]) => `${field}: expected ${expected}`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: config as unknown as CookieIssuerConfig };
}
