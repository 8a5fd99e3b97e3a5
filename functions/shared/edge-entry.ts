// The Lambda@Edge entry of a viewer-request function (the bearer-JWT gate,
// the session checker): Lambda@Edge has no environment variables, so the
// config is the config.json shipped beside the bundle, read on the first
// event of an instance and handed, unparsed, to the function's own
// createHandler, which checks it. A throw, making the handler or calling
// it, becomes a 503; the handlers themselves never reject, each answering
// 503 when it cannot check.
import { readFileSync } from "node:fs";
import { unavailable } from "./responses";

/** A created handler answers every event (a 503 when it cannot check) and never rejects. */
type EdgeHandler<R> = (event: unknown) => Promise<R>;

/** config.json beside the bundle, read with fs: a static import would be inlined at build time. */
function readConfigFile(): unknown {
  try {
    return JSON.parse(readFileSync(`${__dirname}/config.json`, "utf8"));
  } catch {
    return undefined; // createHandler reports it, and its handler refuses everything.
  }
}

/** The handler Lambda@Edge calls: `createHandler` given config.json's content, once per instance. */
export function edgeEntry<R>(
  createHandler: (config: unknown) => EdgeHandler<R>,
): EdgeHandler<R | ReturnType<typeof unavailable>> {
  let configured: EdgeHandler<R> | undefined;
  // Not async: a request judged synchronously settles without extra ticks.
  return (event) => {
    try {
      configured ??= createHandler(readConfigFile());
      return configured(event);
    } catch {
      return Promise.resolve(unavailable());
    }
  };
}
