// One viewer request through the emulated distribution, in CloudFront's
// order: quotas, normalization and behaviour matching, allowed methods, the
// trusted-key-group check, the viewer-request function (hit or miss), the
// shared cache and the origin, custom error responses, and the response
// headers policy. Each step lives in a module of its own; this one keeps
// their order and the request log.
import { randomBytes } from "node:crypto";
import { fromCacheOrOrigin } from "./cache-or-origin";
import { cloudFrontError, notModified, stampedHeaders } from "./cloudfront-responses";
import { withCustomErrorPage } from "./custom-error-page";
import type { EdgeRequest } from "./function-result";
import { cloudFrontHeaders, cookiePairs, joinedHeaders } from "./http-fields";
import { behaviourFor } from "./path-pattern";
import type { PipelineDeps, ViewerRequest, ViewerResponse } from "./pipeline-types";
import type { LocalRequestLogEntry } from "./request-log";
import { applyResponseHeadersPolicyToPairs } from "./response-headers-policy";
import { judgeSignedAccess } from "./signed-access";
import { addressText } from "./stack-model";
import { normalizeForMatching, sizeRefusal, splitTarget } from "./uri-normalization";
import { runViewerRequest } from "./viewer-request-step";

export type {
  PipelineDeps,
  RunningFunction,
  ViewerRequest,
  ViewerResponse,
} from "./pipeline-types";

export class RequestPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async handle(request: ViewerRequest): Promise<ViewerResponse> {
    const requestId = randomBytes(24).toString("base64url");
    const entry: LocalRequestLogEntry = {
      method: request.method,
      uri: request.target.split("?")[0],
      behaviour: "-",
      functionVerdict: "none",
      origin: "-",
      status: 0,
      cache: "-",
    };
    const response = await this.process(request, requestId, entry).catch(
      (err: unknown): ViewerResponse => {
        entry.detail = String(err);
        return cloudFrontError(502, "Bad Gateway");
      },
    );
    entry.status = response.status;
    this.deps.log(entry);
    return { ...response, headers: stampedHeaders(response.headers, requestId) };
  }

  private async process(
    request: ViewerRequest,
    requestId: string,
    entry: LocalRequestLogEntry,
  ): Promise<ViewerResponse> {
    const { deps } = this;
    const target = splitTarget(request.target);
    if (!target.ok) return cloudFrontError(400, "Bad Request");
    const tooLarge = sizeRefusal({
      urlBytes: Buffer.byteLength(`https://${deps.host}${request.target}`),
      requestBytes: request.headBytes,
    });
    if (tooLarge !== null) return cloudFrontError(tooLarge, "Request Entity Too Large");
    let rawPath = target.path;
    if (rawPath === "/" && deps.model.defaultRootObject !== null)
      rawPath = `/${deps.model.defaultRootObject}`;
    const matchPath = normalizeForMatching(rawPath);
    if (matchPath === null) return cloudFrontError(400, "Bad Request");
    const behaviour = behaviourFor(deps.model.behaviours, matchPath);
    entry.behaviour = behaviour.pathPattern ?? "default";
    const viewerHeaders = joinedHeaders(request.headers);
    // The response headers policy goes on every response from here on.
    const finish = (r: ViewerResponse): ViewerResponse => ({
      ...r,
      headers: applyResponseHeadersPolicyToPairs(
        behaviour.responseHeadersPolicy,
        { method: request.method, headers: viewerHeaders },
        r.headers,
      ),
    });

    if (!behaviour.allowedMethods.includes(request.method)) {
      return finish(cloudFrontError(403, "Forbidden"));
    }
    if (behaviour.trustedKeyGroup !== null) {
      const keyGroup = deps.keyGroups.get(addressText(behaviour.trustedKeyGroup.address));
      const query = target.querystring === "" ? "" : `?${target.querystring}`;
      const verdict = judgeSignedAccess(
        {
          url: `http://${deps.host}${rawPath}${query}`,
          querystring: target.querystring,
          cookies: cookiePairs(
            request.headers.filter(([k]) => k.toLowerCase() === "cookie").map(([, v]) => v),
          ),
          now: Math.floor(deps.now() / 1000),
          clientIp: request.clientIp,
        },
        keyGroup ?? new Map(),
      );
      entry.functionVerdict = verdict.allow ? "signed-allowed" : "signed-refused";
      if (!verdict.allow) {
        entry.detail = verdict.reason;
        const refused = cloudFrontError(403, "Forbidden");
        return finish(await withCustomErrorPage(deps, 403, refused, entry));
      }
    }

    let edgeRequest: EdgeRequest = {
      clientIp: request.clientIp,
      method: request.method,
      uri: rawPath,
      querystring: target.querystring,
      headers: cloudFrontHeaders(request.headers),
    };
    if (behaviour.viewerRequest !== null) {
      const outcome = await runViewerRequest(deps, behaviour.viewerRequest, edgeRequest, requestId);
      entry.functionVerdict = outcome.label;
      if (outcome.detail !== undefined) entry.detail = outcome.detail;
      if ("response" in outcome) {
        const generated = outcome.response;
        generated.headers.push(["x-cache", "LambdaGeneratedResponse from cloudfront"]);
        return finish(generated);
      }
      edgeRequest = outcome.request;
    }

    const answer = await fromCacheOrOrigin(
      deps,
      behaviour,
      edgeRequest,
      request.body,
      requestId,
      entry,
    );
    const withErrorPage = await withCustomErrorPage(deps, answer.status, answer, entry);
    return finish(notModified(withErrorPage, viewerHeaders));
  }
}
