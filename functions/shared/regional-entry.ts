// The Lambda entry of a regional login function behind CloudFront (the
// session manager, the cookie issuer): a request that skipped CloudFront is
// refused before any config is read; otherwise the handler its config makes
// (regional-config.ts, read once per container and refreshed) answers, and
// one access log line per request is written unless the environment turns
// it off. Nothing escapes: a throw becomes the function's own 503.
import type { APIGatewayProxyStructuredResultV2 as ApiResult } from "aws-lambda";
import {
  accessLogLine,
  accessLogOn,
  cameThroughCloudFront,
  directRequestRefused,
} from "./origin-request";
import { configuredHandler } from "./regional-config";

type Handler = (event: unknown) => Promise<ApiResult>;

export interface RegionalEntryOptions {
  /** The environment variable that may carry the config inline (tests, local runs). */
  configVariable: string;
  /** The handler for a config as read (unparsed: the handler checks it). */
  build: (config: unknown) => Handler;
  /** The answer while no config can be had (the next request tries again). */
  noConfig: (event: unknown) => ApiResult | Promise<ApiResult>;
  /** The answer when anything threw. */
  failed: () => ApiResult;
}

export function regionalEntry(options: RegionalEntryOptions): Handler {
  let perContainer: (() => Promise<Handler | null>) | undefined;
  return async (event) => {
    const started = Date.now();
    let result: ApiResult;
    try {
      // Refused before the config is read: a direct caller costs no parameter read.
      if (!cameThroughCloudFront(event)) {
        result = directRequestRefused();
      } else {
        perContainer ??= configuredHandler({
          env: process.env,
          inlineVariable: options.configVariable,
          build: options.build,
        });
        const current = await perContainer();
        result = current === null ? await options.noConfig(event) : await current(event);
      }
    } catch {
      result = options.failed();
    }
    if (accessLogOn(process.env)) {
      console.log(
        JSON.stringify(accessLogLine(event, result.statusCode ?? 200, Date.now() - started)),
      );
    }
    return result;
  };
}
