// Asks the origin a behaviour targets: the content folder as S3, or the
// regional function behind API Gateway routes or a function URL, called with
// a payload format 2.0 event and bounded by its own and API Gateway's limits.
import { apiEvent, apiResponse, internalError, matchRoute, notFound } from "./api-origin";
import type { PipelineDeps } from "./pipeline-types";
import { s3Get, type OriginResponse } from "./s3-origin";
import { addressText, type BehaviourModel } from "./stack-model";

/** API Gateway's integration time-out. */
const API_INTEGRATION_LIMIT_MS = 30_000;

/** The origin's answer to one request (CloudFront's own request for an error page too). */
export async function fetchOrigin(
  deps: Pick<PipelineDeps, "model" | "contentDir" | "functions">,
  behaviour: BehaviourModel,
  call: {
    method: string;
    uri: string;
    parts: { headers: [string, string][]; querystring: string };
    body: Buffer;
    clientIp: string;
  },
): Promise<OriginResponse> {
  const origin = deps.model.origins.get(behaviour.targetOriginId)!;
  if (origin.kind === "s3") return s3Get(deps.contentDir, call.method, call.uri);
  const routes =
    origin.kind === "api" ? origin.routes : [{ routeKey: "$default", function: origin.function }];
  for (const route of routes) {
    const params = matchRoute(route.routeKey, call.method, call.uri);
    if (params === null) continue;
    const fn = deps.functions.get(addressText(route.function));
    if (fn === undefined) return internalError();
    const event = apiEvent({
      method: call.method,
      rawPath: call.uri,
      rawQueryString: call.parts.querystring,
      headers: call.parts.headers.filter(([n]) => n !== "host"),
      body: call.body,
      sourceIp: call.clientIp,
      domainName: `${behaviour.targetOriginId}.local`,
      routeKey: route.routeKey,
      pathParameters: params,
    });
    const limit = Math.min(fn.timeoutSeconds * 1000, API_INTEGRATION_LIMIT_MS);
    const invocation = await fn.runner.invoke(event, limit);
    return invocation.outcome === "returned" ? apiResponse(invocation.result) : internalError();
  }
  return notFound();
}
