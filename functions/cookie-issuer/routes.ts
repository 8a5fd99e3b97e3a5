// The issuer's route table under its base path ("/_auth"): which methods
// each route takes, 404 for anything else, 405 for a method it does not.
// Every answer leaves with a status CloudFront's error page lets through.
import { createApiRoutes } from "./api-routes";
import { createBrowserRoutes } from "./browser-routes";
import { allowedOrigin, withCors } from "./cors";
import {
  html,
  json,
  methodNotAllowed,
  pastErrorPage,
  type ApiResult,
  type IssuerRequest,
} from "./http";
import { REFUSED_ROUTE, refusedPage } from "./refused-page";
import type { IssuerDeps } from "./issuer-deps";

type Route = (request: IssuerRequest) => Promise<ApiResult>;

const METHODS: Record<string, string[]> = {
  "/login": ["GET", "HEAD"],
  [REFUSED_ROUTE]: ["GET", "HEAD"],
  "/callback": ["GET"],
  "/logout": ["GET", "POST"],
  "/cookies": ["GET", "POST", "OPTIONS"],
  "/url": ["GET", "OPTIONS"],
};

export function createRoutes(deps: IssuerDeps): Route {
  const { basePath, corsAllowedOrigins } = deps.config;
  const refused = async () => html(refusedPage(`${basePath}/login`));
  const api = createApiRoutes(deps);
  const routes: Record<string, Route> = {
    ...createBrowserRoutes(deps),
    ...api,
    [REFUSED_ROUTE]: refused,
  };
  const answer: Route = async (request) => {
    const name = request.path.startsWith(`${basePath}/`)
      ? request.path.slice(basePath.length)
      : undefined;
    const route = name === undefined ? undefined : routes[name];
    const methods = name === undefined ? undefined : METHODS[name];
    if (name === undefined || route === undefined || methods === undefined) {
      return json(404, { error: "not_found" });
    }
    if (!methods.includes(request.method)) {
      // A program told which methods it may use can read that, like any other answer.
      const refusal = methodNotAllowed(methods);
      return Object.hasOwn(api, name)
        ? withCors(refusal, allowedOrigin(request, corsAllowedOrigins))
        : refusal;
    }
    return route(request);
  };
  // Also covers the pages of shared code (a cancelled sign-in, a user the
  // rules give nothing) that would otherwise leave as 403.
  return async (request) => pastErrorPage(await answer(request));
}
