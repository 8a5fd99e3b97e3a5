// CloudFront viewer-request events as Lambda@Edge delivers them, and small
// readers for what a handler returns (the request to pass, or a response).
import type {
  CloudFrontHeaders,
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontResultResponse,
} from "aws-lambda";

export interface ViewerRequestInit {
  uri?: string;
  querystring?: string;
  method?: string;
  /** [name as sent, value] pairs; repeated names become several entries. */
  headers?: [string, string][];
}

export function headerMap(pairs: [string, string][]): CloudFrontHeaders {
  const map: CloudFrontHeaders = {};
  for (const [key, value] of pairs) {
    const name = key.toLowerCase();
    (map[name] ??= []).push({ key, value });
  }
  return map;
}

export function viewerRequestEvent(init: ViewerRequestInit = {}): CloudFrontRequestEvent {
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: "d111111abcdef8.cloudfront.net",
            distributionId: "EDFDVBD6EXAMPLE",
            eventType: "viewer-request",
            requestId: "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
          },
          request: {
            clientIp: "203.0.113.178",
            method: init.method ?? "GET",
            uri: init.uri ?? "/",
            querystring: init.querystring ?? "",
            headers: headerMap([
              ["Host", "d111111abcdef8.cloudfront.net"],
              ...(init.headers ?? []),
            ]),
          },
        },
      },
    ],
  };
}

export const bearer = (token: string): [string, string] => ["Authorization", `Bearer ${token}`];

export type Result = CloudFrontRequest | CloudFrontResultResponse | null | undefined;

export function isResponse(result: Result): result is CloudFrontResultResponse {
  return typeof result === "object" && result !== null && "status" in result;
}

/** The passed request; fails the test if the handler answered instead. */
export function passed(result: Result): CloudFrontRequest {
  if (isResponse(result) || !result) {
    throw new Error(`expected the request to pass, got ${JSON.stringify(result)}`);
  }
  return result;
}

/** The generated response; fails the test if the request passed. */
export function answered(result: Result): CloudFrontResultResponse {
  if (!isResponse(result)) throw new Error(`expected a response, got ${JSON.stringify(result)}`);
  return result;
}

/** The single value of response header `name` (lowercase map key). */
export function header(response: CloudFrontResultResponse, name: string): string | undefined {
  const entries = response.headers?.[name];
  if (!entries) return undefined;
  if (entries.length !== 1) throw new Error(`header ${name} has ${entries.length} values`);
  return entries[0].value;
}

export function jsonBody(response: CloudFrontResultResponse): unknown {
  return JSON.parse(response.body ?? "");
}
