// The viewer-request step: the behaviour's Lambda@Edge function or CloudFront
// Function gets the request as a CloudFront event, within Lambda@Edge's time
// limit, and what comes back is judged as CloudFront judges it: go on with a
// request, send a generated response, or fail (503 for a time-out or a
// throw, 502 for an invalid result).
import { cloudFrontError } from "./cloudfront-responses";
import { judgeFunctionResult, type EdgeRequest } from "./function-result";
import type { Invocation } from "./function-worker";
import type { PipelineDeps, ViewerResponse } from "./pipeline-types";
import type { FunctionVerdictLabel } from "./request-log";
import { addressText, type Address } from "./stack-model";

export type ViewerRequestOutcome =
  | { label: FunctionVerdictLabel; detail?: string; response: ViewerResponse }
  | { label: FunctionVerdictLabel; detail?: string; request: EdgeRequest };

/** The Lambda@Edge viewer-request event for `request`. */
export function viewerRequestEvent(
  request: EdgeRequest,
  config: { host: string; requestId: string },
): unknown {
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: config.host,
            distributionId: "ELOCALEDGE0001",
            eventType: "viewer-request",
            requestId: config.requestId,
          },
          request: structuredClone(request),
        },
      },
    ],
  };
}

/** What CloudFront does with the function's invocation for `request`. */
export function viewerRequestOutcome(
  request: EdgeRequest,
  invocation: Invocation,
): ViewerRequestOutcome {
  if (invocation.outcome === "timeout") {
    return {
      label: "timeout",
      detail: "LambdaLimitExceeded",
      response: cloudFrontError(503, "Service Unavailable"),
    };
  }
  if (invocation.outcome === "error") {
    return {
      label: "error",
      detail: invocation.error.split("\n")[0],
      response: cloudFrontError(503, "Service Unavailable"),
    };
  }
  const verdict = judgeFunctionResult(request, invocation.result);
  if (verdict.kind === "invalid") {
    return {
      label: "invalid-response",
      detail: verdict.reason,
      response: cloudFrontError(502, "Bad Gateway"),
    };
  }
  if (verdict.kind === "respond") {
    const r = verdict.response;
    return {
      label: "responded",
      response: {
        status: r.status,
        statusMessage: r.statusDescription,
        headers: r.headers.map(([k, v]) => [k.toLowerCase(), v]),
        body: r.body,
      },
    };
  }
  return { label: "passed", request: verdict.request };
}

/** Runs the viewer-request function at `address` on `request`. */
export async function runViewerRequest(
  deps: Pick<PipelineDeps, "functions" | "host" | "viewerRequestTimeoutMs">,
  address: Address,
  request: EdgeRequest,
  requestId: string,
): Promise<ViewerRequestOutcome> {
  const fn = deps.functions.get(addressText(address));
  if (fn === undefined) throw new Error(`no function ${addressText(address)}`);
  const event = viewerRequestEvent(request, { host: deps.host, requestId });
  const invocation = await fn.runner.invoke(event, deps.viewerRequestTimeoutMs);
  return viewerRequestOutcome(request, invocation);
}
