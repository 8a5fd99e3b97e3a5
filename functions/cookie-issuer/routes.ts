// The issuer's route table under its base path ("/_auth"): which methods
// each route takes, 404 for anything else, 405 for a method it does not.
import { createApiRoutes } from "./api-routes";
import { createBrowserRoutes } from "./browser-routes";
import { html, json, methodNotAllowed, type ApiResult, type IssuerRequest } from "./http";
import { refusedPage } from "./refused-page";
import type { IssuerDeps } from "./issuer-deps";

const METHODS: Record<string, string[]> = {
  "/login": ["GET", "HEAD"],
  "/refused": ["GET", "HEAD"],
  "/callback": ["GET"],
  "/logout": ["GET", "POST"],
  "/cookies": ["GET", "POST", "OPTIONS"],
  "/url": ["GET", "OPTIONS"],
};

export function createRoutes(deps: IssuerDeps): (request: IssuerRequest) => Promise<ApiResult> {
  const { basePath } = deps.config;
  const refused = async () => html(refusedPage(`${basePath}/login`));
  const routes: Record<string, (request: IssuerRequest) => Promise<ApiResult>> = {
    ...createBrowserRoutes(deps),
    ...createApiRoutes(deps),
    "/refused": refused,
  };
  return async (request) => {
    const name = request.path.startsWith(`${basePath}/`)
      ? request.path.slice(basePath.length)
      : undefined;
    const route = name === undefined ? undefined : routes[name];
    const methods = name === undefined ? undefined : METHODS[name];
    if (route === undefined || methods === undefined) return json(404, { error: "not_found" });
    if (!methods.includes(request.method)) return methodNotAllowed(methods);
    return route(request);
  };
}
