// The distribution's custom error responses: for an origin error (or
// CloudFront's own signed-check 403) with a configured page, CloudFront
// fetches the page through the behaviour its path matches, with a request of
// its own (no viewer headers or cookies, no checks), and sends it with the
// configured code. A page that cannot be fetched leaves its own status, as
// AWS documents.
import { randomBytes } from "node:crypto";
import { fetchOrigin } from "./origin-fetch";
import { originParts } from "./origin-request";
import { behaviourFor } from "./path-pattern";
import type { PipelineDeps, ViewerResponse } from "./pipeline-types";
import type { LocalRequestLogEntry } from "./request-log";

/** `original` (with `status`), or the custom error page that replaces it. */
export async function withCustomErrorPage(
  deps: Pick<PipelineDeps, "model" | "contentDir" | "functions">,
  status: number,
  original: ViewerResponse,
  entry: LocalRequestLogEntry,
): Promise<ViewerResponse> {
  const rule = deps.model.customErrorResponses.find((c) => c.errorCode === status);
  if (rule === undefined || rule.responsePagePath === null) return original;
  const pagePath = rule.responsePagePath;
  const behaviour = behaviourFor(deps.model.behaviours, pagePath);
  const requestId = randomBytes(24).toString("base64url");
  const page = await fetchOrigin(deps, behaviour, {
    method: "GET",
    uri: pagePath,
    parts: originParts(
      { headers: [], cookies: [], querystring: "", clientIp: "127.0.0.1", requestId },
      behaviour.cachePolicy,
      behaviour.originRequestPolicy,
      behaviour.targetOriginId,
    ),
    body: Buffer.alloc(0),
    clientIp: "127.0.0.1",
  });
  entry.detail = `${entry.detail ?? `origin ${status}`}; error page ${pagePath} -> ${page.status}`;
  if (page.status < 200 || page.status > 299) return { ...page, headers: page.headers };
  return {
    status: rule.responseCode ?? status,
    headers: [...page.headers, ["x-cache", "Error from cloudfront"]],
    body: page.body,
  };
}
