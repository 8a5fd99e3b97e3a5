// The viewer-request event every benchmark hands a handler: one viewer's GET
// for a path, with the Host header and the headers the check reads, as
// CloudFront's Lambda@Edge event carries them.
import type { CloudFrontHeaders } from "aws-lambda";

export interface ViewerEvent {
  Records: [
    {
      cf: {
        config: { eventType: "viewer-request"; distributionId: string; requestId: string };
        request: {
          clientIp: string;
          method: string;
          uri: string;
          querystring: string;
          headers: CloudFrontHeaders;
        };
      };
    },
  ];
}

/** A GET for `uri` with `headers` after the Host header (lowercase names, CloudFront's map). */
export function viewerRequestEvent(uri: string, headers: CloudFrontHeaders): ViewerEvent {
  return {
    Records: [
      {
        cf: {
          config: { eventType: "viewer-request", distributionId: "EBENCH", requestId: "r" },
          request: {
            clientIp: "203.0.113.7",
            method: "GET",
            uri,
            querystring: "",
            headers: {
              host: [{ key: "Host", value: "d111111abcdef8.cloudfront.net" }],
              ...headers,
            },
          },
        },
      },
    ],
  };
}

/**
 * `event` parsed from JSON, as the Lambda runtime hands it to the handler.
 * Built in place, its strings would be ropes (a token spliced into
 * "Bearer ..."), and the handler would pay for joining them, which no
 * deployed handler does.
 */
export const asDelivered = (event: ViewerEvent): ViewerEvent =>
  JSON.parse(JSON.stringify(event)) as ViewerEvent;
