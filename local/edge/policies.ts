// Cache and origin-request policies as the distribution names them: AWS's
// managed policies by their documented ids, or the stack's own
// aws_cloudfront_cache_policy / aws_cloudfront_origin_request_policy
// resources, read from cdk.tf.json.
import { block, type Block } from "./json-shapes";

export type ListBehaviour = "none" | "whitelist" | "all" | "allExcept" | "allViewer";

export interface NameList {
  behaviour: ListBehaviour;
  /** Lowercase for headers; as written for cookies and query strings. */
  items: string[];
}

export interface CachePolicy {
  name: string;
  minTtl: number;
  defaultTtl: number;
  maxTtl: number;
  headers: NameList;
  cookies: NameList;
  queryStrings: NameList;
  acceptEncodingGzip: boolean;
  acceptEncodingBrotli: boolean;
}

export interface OriginRequestPolicy {
  name: string;
  headers: NameList;
  cookies: NameList;
  queryStrings: NameList;
}

const NONE: NameList = { behaviour: "none", items: [] };

/** Managed cache policies (CloudFront Developer Guide, "Use managed cache policies"). */
export const MANAGED_CACHE_POLICIES: Record<string, CachePolicy> = {
  "658327ea-f89d-4fab-a63d-7e88639e58f6": {
    name: "CachingOptimized",
    minTtl: 1,
    defaultTtl: 86_400,
    maxTtl: 31_536_000,
    headers: NONE,
    cookies: NONE,
    queryStrings: NONE,
    acceptEncodingGzip: true,
    acceptEncodingBrotli: true,
  },
  "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": {
    name: "CachingOptimizedForUncompressedObjects",
    minTtl: 1,
    defaultTtl: 86_400,
    maxTtl: 31_536_000,
    headers: NONE,
    cookies: NONE,
    queryStrings: NONE,
    acceptEncodingGzip: false,
    acceptEncodingBrotli: false,
  },
  "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": {
    name: "CachingDisabled",
    minTtl: 0,
    defaultTtl: 0,
    maxTtl: 0,
    headers: NONE,
    cookies: NONE,
    queryStrings: NONE,
    acceptEncodingGzip: false,
    acceptEncodingBrotli: false,
  },
};

/** Managed origin request policies ("Use managed origin request policies"). */
export const MANAGED_ORIGIN_REQUEST_POLICIES: Record<string, OriginRequestPolicy> = {
  "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf": {
    name: "CORS-S3Origin",
    headers: {
      behaviour: "whitelist",
      items: ["origin", "access-control-request-headers", "access-control-request-method"],
    },
    cookies: NONE,
    queryStrings: NONE,
  },
  "59781a5b-3903-41f3-afcb-af62929ccde1": {
    name: "CORS-CustomOrigin",
    headers: { behaviour: "whitelist", items: ["origin"] },
    cookies: NONE,
    queryStrings: NONE,
  },
  "b689b0a8-53d0-40ab-baf2-68738e2966ac": {
    name: "AllViewerExceptHostHeader",
    headers: { behaviour: "allExcept", items: ["host"] },
    cookies: { behaviour: "all", items: [] },
    queryStrings: { behaviour: "all", items: [] },
  },
  "216adef6-5c7f-47e4-b989-5492eafa07d3": {
    name: "AllViewer",
    headers: { behaviour: "allViewer", items: [] },
    cookies: { behaviour: "all", items: [] },
    queryStrings: { behaviour: "all", items: [] },
  },
};

function nameList(
  config: unknown,
  behaviourKey: string,
  listKey: string,
  lower: boolean,
): NameList {
  const b = block(config);
  const behaviour = String(b[behaviourKey] ?? "none") as ListBehaviour;
  const items = block(b[listKey]).items;
  const names = Array.isArray(items) ? items.map(String) : [];
  return { behaviour, items: lower ? names.map((n) => n.toLowerCase()) : names };
}

/** An aws_cloudfront_cache_policy resource as a CachePolicy. */
export function cachePolicyFromResource(name: string, resource: Block): CachePolicy {
  const params = block(resource.parameters_in_cache_key_and_forwarded_to_origin);
  const number = (v: unknown, fallback: number) => (typeof v === "number" ? v : fallback);
  return {
    name,
    minTtl: number(resource.min_ttl, 0),
    defaultTtl: number(resource.default_ttl, 86_400),
    maxTtl: number(resource.max_ttl, 31_536_000),
    headers: nameList(params.headers_config, "header_behavior", "headers", true),
    cookies: nameList(params.cookies_config, "cookie_behavior", "cookies", false),
    queryStrings: nameList(
      params.query_strings_config,
      "query_string_behavior",
      "query_strings",
      false,
    ),
    acceptEncodingGzip: params.enable_accept_encoding_gzip === true,
    acceptEncodingBrotli: params.enable_accept_encoding_brotli === true,
  };
}

/** An aws_cloudfront_origin_request_policy resource as an OriginRequestPolicy. */
export function originRequestPolicyFromResource(
  name: string,
  resource: Block,
): OriginRequestPolicy {
  return {
    name,
    headers: nameList(resource.headers_config, "header_behavior", "headers", true),
    cookies: nameList(resource.cookies_config, "cookie_behavior", "cookies", false),
    queryStrings: nameList(
      resource.query_strings_config,
      "query_string_behavior",
      "query_strings",
      false,
    ),
  };
}

/** Whether `name` passes `list` (case as the list stores it). */
export function listIncludes(list: NameList, name: string): boolean {
  switch (list.behaviour) {
    case "none":
      return false;
    case "whitelist":
      return list.items.includes(name);
    case "allExcept":
      return !list.items.includes(name);
    default:
      return true;
  }
}
