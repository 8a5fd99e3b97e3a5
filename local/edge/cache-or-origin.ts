// The shared cache in front of the origin: a cacheable request is answered
// from the cache when its key (per the cache policy) has a live entry, else
// the origin is asked with what the origin-request policy forwards, and its
// answer kept for as long as the policy and the origin's headers allow.
import { cacheKey, responseTtl } from "./cache";
import type { EdgeRequest } from "./function-result";
import { cookiePairs, joinedHeaders, pairsOfCloudFrontHeaders } from "./http-fields";
import { fetchOrigin } from "./origin-fetch";
import { originParts } from "./origin-request";
import type { PipelineDeps, ViewerResponse } from "./pipeline-types";
import type { LocalRequestLogEntry } from "./request-log";
import type { BehaviourModel } from "./stack-model";

const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding"];

/** Whether the behaviour forwards any cookie (else CloudFront drops Set-Cookie too). */
function forwardsCookies(behaviour: BehaviourModel): boolean {
  return (
    behaviour.cachePolicy.cookies.behaviour !== "none" ||
    (behaviour.originRequestPolicy?.cookies.behaviour ?? "none") !== "none"
  );
}

/** The answer to `request` (as the viewer-request step left it), from the cache or the origin. */
export async function fromCacheOrOrigin(
  deps: Pick<PipelineDeps, "model" | "contentDir" | "functions" | "cache" | "now">,
  behaviour: BehaviourModel,
  request: EdgeRequest,
  viewerBody: Buffer,
  requestId: string,
  entry: LocalRequestLogEntry,
): Promise<ViewerResponse> {
  const pairs = pairsOfCloudFrontHeaders(request.headers);
  const cookies = cookiePairs(pairs.filter(([n]) => n === "cookie").map(([, v]) => v));
  const cacheable =
    behaviour.cachedMethods.includes(request.method) && behaviour.cachePolicy.maxTtl > 0;
  const key = cacheKey(
    {
      method: request.method,
      uri: request.uri,
      querystring: request.querystring,
      headers: joinedHeaders(pairs),
      cookies,
    },
    behaviour.cachePolicy,
  );
  const withoutBodyForHead = (body: Buffer) => (request.method === "HEAD" ? Buffer.alloc(0) : body);
  if (cacheable) {
    const hit = deps.cache.get(key);
    if (hit !== undefined) {
      entry.cache = "hit";
      return {
        ...hit.response,
        headers: [
          ...hit.response.headers,
          ["age", String(hit.ageSeconds)],
          ["x-cache", "Hit from cloudfront"],
        ],
        body: withoutBodyForHead(hit.response.body),
      };
    }
    entry.cache = "miss";
  }
  entry.origin = behaviour.targetOriginId;
  const origin = await fetchOrigin(deps, behaviour, {
    // A cacheable HEAD is fetched as GET, so the entry can serve both.
    method: request.method === "HEAD" && cacheable ? "GET" : request.method,
    uri: request.uri,
    parts: originParts(
      {
        headers: pairs.filter(([n]) => n !== "cookie"),
        cookies,
        querystring: request.querystring,
        clientIp: request.clientIp,
        requestId,
      },
      behaviour.cachePolicy,
      behaviour.originRequestPolicy,
      behaviour.targetOriginId,
    ),
    body: viewerBody,
    clientIp: request.clientIp,
  });
  const keepsCookies = forwardsCookies(behaviour);
  const headers = origin.headers.filter(
    ([n]) => !HOP_BY_HOP.includes(n) && (keepsCookies || n !== "set-cookie"),
  );
  const response = { status: origin.status, headers, body: origin.body };
  if (cacheable) {
    const header = (n: string) => headers.find(([k]) => k === n)?.[1];
    const rule = deps.model.customErrorResponses.find((c) => c.errorCode === origin.status);
    const ttl = responseTtl(
      behaviour.cachePolicy,
      origin.status,
      { cacheControl: header("cache-control"), expires: header("expires") },
      rule?.errorCachingMinTtl ?? 10,
      deps.now(),
    );
    deps.cache.put(key, response, ttl);
  }
  return {
    ...response,
    headers: [...headers, ["x-cache", "Miss from cloudfront"]],
    body: withoutBodyForHead(response.body),
  };
}
