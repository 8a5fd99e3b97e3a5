// Response headers policies (aws_cloudfront_response_headers_policy in the
// stack): security headers, custom headers, removed headers and CORS, added
// to what goes back to the viewer as CloudFront documents ("override" decides
// whether an origin's own value survives).
import { block, type Block } from "./json-shapes";

const items = (v: unknown): string[] => {
  const list = block(v).items;
  return Array.isArray(list) ? list.map(String) : [];
};

export interface HeaderRule {
  name: string;
  value: string;
  override: boolean;
}

export interface CorsRule {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAgeSeconds: number | null;
  originOverride: boolean;
}

export interface ResponseHeadersPolicy {
  name: string;
  headers: HeaderRule[];
  remove: string[];
  cors: CorsRule | null;
}

/** The policy a resource block describes. */
export function responseHeadersPolicyFromResource(
  name: string,
  resource: Block,
): ResponseHeadersPolicy {
  const headers: HeaderRule[] = [];
  const security = block(resource.security_headers_config);
  const add = (header: string, config: unknown, value: (b: Block) => string) => {
    if (config === undefined) return;
    const b = block(config);
    headers.push({ name: header, value: value(b), override: b.override === true });
  };
  add("strict-transport-security", security.strict_transport_security, (b) =>
    [
      `max-age=${String(b.access_control_max_age_sec)}`,
      b.include_subdomains === true ? "includeSubDomains" : "",
      b.preload === true ? "preload" : "",
    ]
      .filter(Boolean)
      .join("; "),
  );
  add("content-security-policy", security.content_security_policy, (b) =>
    String(b.content_security_policy),
  );
  add("x-content-type-options", security.content_type_options, () => "nosniff");
  add("x-frame-options", security.frame_options, (b) => String(b.frame_option));
  add("referrer-policy", security.referrer_policy, (b) => String(b.referrer_policy));
  add("x-xss-protection", security.xss_protection, (b) => {
    if (b.protection !== true) return "0";
    if (b.mode_block === true) return "1; mode=block";
    return typeof b.report_uri === "string" ? `1; report=${b.report_uri}` : "1";
  });
  const custom = block(resource.custom_headers_config).items;
  for (const item of Array.isArray(custom) ? custom : []) {
    const b = block(item);
    headers.push({
      name: String(b.header).toLowerCase(),
      value: String(b.value),
      override: b.override === true,
    });
  }
  const removeItems = block(resource.remove_headers_config).items;
  const remove = (Array.isArray(removeItems) ? removeItems : []).map((i) =>
    String(block(i).header).toLowerCase(),
  );
  const corsBlock = resource.cors_config === undefined ? null : block(resource.cors_config);
  const cors: CorsRule | null =
    corsBlock === null
      ? null
      : {
          allowOrigins: items(corsBlock.access_control_allow_origins),
          allowMethods: items(corsBlock.access_control_allow_methods),
          allowHeaders: items(corsBlock.access_control_allow_headers),
          exposeHeaders: items(corsBlock.access_control_expose_headers),
          allowCredentials: corsBlock.access_control_allow_credentials === true,
          maxAgeSeconds:
            typeof corsBlock.access_control_max_age_sec === "number"
              ? corsBlock.access_control_max_age_sec
              : null,
          originOverride: corsBlock.origin_override === true,
        };
  return { name, headers, remove, cors };
}

/** Response headers: lowercase name -> values. */
export type ResponseHeaders = Map<string, string[]>;

const CORS_HEADERS = [
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-expose-headers",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-max-age",
];

function applyCors(
  cors: CorsRule,
  request: { method: string; headers: Map<string, string> },
  headers: ResponseHeaders,
): void {
  const origin = request.headers.get("origin");
  if (origin === undefined) return;
  const allowed = cors.allowOrigins.includes("*") || cors.allowOrigins.includes(origin);
  if (!allowed) return;
  if (!cors.originOverride && CORS_HEADERS.some((h) => headers.has(h))) return;
  for (const h of CORS_HEADERS) headers.delete(h);
  const set = (name: string, value: string) => headers.set(name, [value]);
  set("access-control-allow-origin", cors.allowOrigins.includes("*") ? "*" : origin);
  if (cors.allowCredentials) set("access-control-allow-credentials", "true");
  const preflight =
    request.method === "OPTIONS" && request.headers.has("access-control-request-method");
  if (preflight) {
    set("access-control-allow-methods", cors.allowMethods.join(", "));
    if (cors.allowHeaders.length > 0)
      set("access-control-allow-headers", cors.allowHeaders.join(", "));
    if (cors.maxAgeSeconds !== null) set("access-control-max-age", String(cors.maxAgeSeconds));
  } else if (cors.exposeHeaders.length > 0) {
    set("access-control-expose-headers", cors.exposeHeaders.join(", "));
  }
}

/** `headers` with the policy applied for `request` (pure: returns a new map). */
export function applyResponseHeadersPolicy(
  policy: ResponseHeadersPolicy | null,
  request: { method: string; headers: Map<string, string> },
  headers: ResponseHeaders,
): ResponseHeaders {
  const out: ResponseHeaders = new Map([...headers].map(([k, v]) => [k, [...v]]));
  if (policy === null) return out;
  for (const name of policy.remove) out.delete(name);
  for (const rule of policy.headers) {
    if (rule.override || !out.has(rule.name)) out.set(rule.name, [rule.value]);
  }
  if (policy.cors !== null) applyCors(policy.cors, request, out);
  return out;
}

/** [name, value] pairs with the policy applied, as the pipeline carries headers. */
export function applyResponseHeadersPolicyToPairs(
  policy: ResponseHeadersPolicy | null,
  request: { method: string; headers: Map<string, string> },
  pairs: readonly [string, string][],
): [string, string][] {
  const headers: ResponseHeaders = new Map();
  for (const [name, value] of pairs) headers.set(name, [...(headers.get(name) ?? []), value]);
  return [...applyResponseHeadersPolicy(policy, request, headers)].flatMap(([name, values]) =>
    values.map((value): [string, string] => [name, value]),
  );
}
