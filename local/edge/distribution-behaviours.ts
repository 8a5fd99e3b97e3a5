// The distribution's cache behaviours as cdk.tf.json declares them: path
// pattern, target origin, methods, cache, origin-request and response
// headers policies (managed ones by id, the stack's own by reference), the
// trusted key group and the one viewer-request function, if any.
import { asList, type Block } from "./json-shapes";
import {
  MANAGED_CACHE_POLICIES,
  MANAGED_ORIGIN_REQUEST_POLICIES,
  cachePolicyFromResource,
  originRequestPolicyFromResource,
  type CachePolicy,
  type OriginRequestPolicy,
} from "./policies";
import {
  responseHeadersPolicyFromResource,
  type ResponseHeadersPolicy,
} from "./response-headers-policy";
import {
  StackModelError,
  addressText,
  referencedAddress,
  resourceAt,
  type Address,
  type StackJson,
} from "./stack-addresses";

export interface KeyGroupModel {
  address: Address;
  /** The public keys by resource name: name attribute and PEM (encoded_key). */
  keys: { address: Address; name: string; encodedKey: string }[];
}

export interface BehaviourModel {
  /** null for the default behaviour. */
  pathPattern: string | null;
  targetOriginId: string;
  allowedMethods: string[];
  cachedMethods: string[];
  cachePolicy: CachePolicy;
  originRequestPolicy: OriginRequestPolicy | null;
  responseHeadersPolicy: ResponseHeadersPolicy | null;
  trustedKeyGroup: KeyGroupModel | null;
  /** The viewer-request function: a Lambda@Edge function or a CloudFront Function. */
  viewerRequest: Address | null;
}

function policyById<T>(
  json: StackJson,
  id: unknown,
  managed: Record<string, T>,
  type: string,
  fromResource: (name: string, b: Block) => T,
  where: string,
): T {
  if (typeof id === "string" && managed[id] !== undefined) return managed[id];
  const address = referencedAddress(id, `${where} (not a managed ${type} id either)`);
  if (address.type !== type)
    throw new StackModelError(`${where}: ${addressText(address)} is not a ${type}`);
  return fromResource(address.name, resourceAt(json, address, where));
}

function keyGroup(json: StackJson, groups: unknown, where: string): KeyGroupModel | null {
  const list = Array.isArray(groups) ? groups : [];
  if (list.length === 0) return null;
  if (list.length > 1) throw new StackModelError(`${where}: more than one trusted key group`);
  const address = referencedAddress(list[0], `${where}.trusted_key_groups`);
  const group = resourceAt(json, address, where);
  const items = Array.isArray(group.items) ? group.items : [];
  return {
    address,
    keys: items.map((item) => {
      const keyAddress = referencedAddress(item, `${addressText(address)}.items`);
      const key = resourceAt(json, keyAddress, addressText(address));
      return { address: keyAddress, name: String(key.name), encodedKey: String(key.encoded_key) };
    }),
  };
}

/** One cache behaviour block (ordered or default) as a BehaviourModel. */
export function behaviourModel(json: StackJson, b: Block, where: string): BehaviourModel {
  const associations = asList(b.lambda_function_association);
  const viewer = associations.filter((a) => a.event_type === "viewer-request");
  const others = associations.filter((a) => a.event_type !== "viewer-request");
  if (others.length > 0) {
    throw new StackModelError(
      `${where}: ${String(others[0].event_type)} functions are not emulated`,
    );
  }
  const cfFunctions = asList(b.function_association);
  if (cfFunctions.some((f) => f.event_type !== "viewer-request")) {
    throw new StackModelError(`${where}: only viewer-request CloudFront Functions are emulated`);
  }
  if (viewer.length + cfFunctions.length > 1) {
    throw new StackModelError(`${where}: two viewer-request functions`);
  }
  return {
    pathPattern: typeof b.path_pattern === "string" ? b.path_pattern : null,
    targetOriginId: String(b.target_origin_id),
    allowedMethods: (b.allowed_methods as string[] | undefined) ?? ["GET", "HEAD"],
    cachedMethods: (b.cached_methods as string[] | undefined) ?? ["GET", "HEAD"],
    cachePolicy: policyById(
      json,
      b.cache_policy_id,
      MANAGED_CACHE_POLICIES,
      "aws_cloudfront_cache_policy",
      cachePolicyFromResource,
      `${where}.cache_policy_id`,
    ),
    originRequestPolicy:
      b.origin_request_policy_id === undefined
        ? null
        : policyById(
            json,
            b.origin_request_policy_id,
            MANAGED_ORIGIN_REQUEST_POLICIES,
            "aws_cloudfront_origin_request_policy",
            originRequestPolicyFromResource,
            `${where}.origin_request_policy_id`,
          ),
    responseHeadersPolicy:
      b.response_headers_policy_id === undefined
        ? null
        : (() => {
            const address = referencedAddress(
              b.response_headers_policy_id,
              `${where}.response_headers_policy_id`,
            );
            return responseHeadersPolicyFromResource(
              address.name,
              resourceAt(json, address, where),
            );
          })(),
    trustedKeyGroup: keyGroup(json, b.trusted_key_groups, where),
    viewerRequest:
      viewer.length > 0
        ? referencedAddress(viewer[0].lambda_arn, `${where}.lambda_arn`)
        : cfFunctions.length > 0
          ? referencedAddress(cfFunctions[0].function_arn, `${where}.function_arn`)
          : null,
  };
}
