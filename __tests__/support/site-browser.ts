// A browser's view of one edge-gate site in session-cookie mode: requests
// under /_identity/ go to the session manager (as CloudFront routes them to
// API Gateway), everything else through the session checker (viewer
// request); cookies are kept in a jar the way a browser keeps them.
import type { CloudFrontResultResponse } from "aws-lambda";
import type { ViewerRequestHandler } from "../../functions/session-checker/handler";
import type { SessionManagerHandler } from "../../functions/session-manager/handler";
import { apiEvent } from "./session-manager-harness";
import { isResponse, viewerRequestEvent, type Result } from "./viewer-request";

export interface SiteAnswer {
  status: number;
  location?: string;
  body?: string;
  /** The request as it would reach the origin, when the checker let it pass. */
  passedHeaders?: Record<string, string[]>;
  passedUri?: string;
}

export class SiteBrowser {
  readonly jar = new Map<string, string>();

  constructor(
    private readonly checker: ViewerRequestHandler,
    private readonly manager: SessionManagerHandler,
  ) {}

  /** Applies Set-Cookie strings as a browser would (Max-Age=0 removes). */
  store(setCookies: readonly string[]): void {
    for (const setCookie of setCookies) {
      const [pair, ...attributes] = setCookie.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      if (attributes.some((a) => /^max-age=0$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, pair.slice(eq + 1));
    }
  }

  cookies(): string[] {
    return [...this.jar].map(([name, value]) => `${name}=${value}`);
  }

  /** A top-level navigation to `target` (path and query) on the site. */
  async navigate(target: string): Promise<SiteAnswer> {
    const url = new URL(target, "https://site.invalid");
    if (url.pathname.startsWith("/_identity/")) {
      const result = await this.manager(apiEvent("GET", target, this.cookies()));
      this.store(result.cookies ?? []);
      const location = result.headers?.location;
      return {
        status: result.statusCode ?? 0,
        location: typeof location === "string" ? location : undefined,
        body: result.body,
      };
    }
    const headers: [string, string][] = [
      ["Sec-Fetch-Mode", "navigate"],
      ["Accept", "text/html"],
    ];
    if (this.jar.size > 0) headers.push(["Cookie", this.cookies().join("; ")]);
    const result: Result = await this.checker(
      viewerRequestEvent({ uri: url.pathname, querystring: url.search.slice(1), headers }),
    );
    if (isResponse(result)) return this.answered(result);
    if (!result) throw new Error("checker returned nothing");
    const passedHeaders: Record<string, string[]> = {};
    for (const [name, entries] of Object.entries(result.headers)) {
      passedHeaders[name] = entries.map((e) => e.value);
    }
    return { status: 200, passedHeaders, passedUri: result.uri };
  }

  private answered(response: CloudFrontResultResponse): SiteAnswer {
    this.store((response.headers?.["set-cookie"] ?? []).map((e) => e.value));
    return {
      status: Number(response.status),
      location: response.headers?.location?.[0]?.value,
      body: response.body,
    };
  }
}
