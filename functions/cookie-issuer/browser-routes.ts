// The issuer's browser routes: login (start the shared hosted-UI login),
// callback (finish it and set the signed cookie sets, then back to the page
// the user asked for) and logout (expire every set, then the hosted UI's
// own logout). Failures are pages, never redirect loops.
import { logoutUrl } from "../shared/hosted-ui/hosted-ui-client";
import { htmlPage, loginFailurePage } from "../shared/hosted-ui/login-failure-page";
import { expireCookieSet } from "./cookie-sets";
import { html, redirectTo, unavailablePage, type ApiResult, type IssuerRequest } from "./http";
import { issueCookieSets, type IssueError } from "./issuance";
import { clearIssuedPathsCookie, readIssuedPaths } from "./issued-paths-cookie";
import { issueSettings, nowSeconds, type IssuerDeps } from "./issuer-deps";

type Route = (request: IssuerRequest) => Promise<ApiResult>;

/** What a signed-in browser is told when no cookie set can be issued for it. */
const REFUSALS: Record<IssueError, { title: string; text: string }> = {
  unsafe_identity: {
    title: "Access not possible",
    text: "Your account name cannot be used to grant access to files. Contact the site's administrator.",
  },
  no_readable_paths: {
    title: "No files for you here",
    text: "You are signed in, but your account may not read any files on this site.",
  },
  overlapping_cookie_sets: {
    title: "Access not possible",
    text: "The site's access rules give your account overlapping folders. Contact the site's administrator.",
  },
  too_many_cookie_sets: {
    title: "Access not possible",
    text: "Your account may read more folders than a browser can hold access for. Contact the site's administrator.",
  },
};

export function createBrowserRoutes(deps: IssuerDeps): Record<string, Route> {
  const { config } = deps;
  const loginPath = `${config.basePath}/login`;

  const startLogin: Route = async (request) => {
    // The login record is sealed with a key derived from the signing key.
    const key = await deps.signingKey();
    if (key === null) return unavailablePage();
    const { location, setCookies } = await deps
      .loginFor(key)
      .start(request.query.get("path"), request.cookies);
    return redirectTo(307, location, setCookies);
  };

  const finishLogin: Route = async (request) => {
    const key = await deps.signingKey();
    // The login cookie is kept: the callback can be reloaded once the key is back.
    if (key === null) return unavailablePage();
    const finished = await deps.loginFor(key).finish(request.query, request.cookies);
    if (!finished.ok) {
      const { failure, detail, returnPath, clearLoginCookies } = finished;
      console.warn(JSON.stringify({ message: "login failed", failure, detail }));
      return html(loginFailurePage(failure, loginPath, returnPath), clearLoginCookies);
    }
    const { identity } = finished;
    const issued = issueCookieSets(
      identity,
      nowSeconds(deps),
      readIssuedPaths(request.cookies),
      issueSettings(config, key),
    );
    if (!issued.ok) {
      console.warn(
        JSON.stringify({ message: "no cookies issued", sub: identity.sub, ...issued.body }),
      );
      const { title, text } = REFUSALS[issued.body.error];
      return html(htmlPage(issued.status, title, text), finished.clearLoginCookies);
    }
    console.info(
      JSON.stringify({ message: "cookies issued", sub: identity.sub, prefixes: issued.prefixes }),
    );
    return redirectTo(302, finished.returnPath, [...issued.cookies, ...finished.clearLoginCookies]);
  };

  // Needs neither the key nor a token: expiring cookies grants nothing.
  const logout: Route = async (request) => {
    // Group folders are known from the config alone; user folders only from
    // the issued-paths cookie, which every issue sets.
    const prefixes = new Set([
      ...readIssuedPaths(request.cookies),
      ...config.rules.groupPrefixes.map((rule) => rule.prefix),
    ]);
    const cookies = [...prefixes].flatMap((prefix) => expireCookieSet(prefix, config.cookieDomain));
    cookies.push(clearIssuedPathsCookie(config.basePath));
    const hostedUiLogout = logoutUrl(
      config.hostedUi,
      `${config.siteOrigin}${config.afterLogoutPath}`,
    );
    return redirectTo(302, hostedUiLogout, cookies);
  };

  return { "/login": startLogin, "/callback": finishLogin, "/logout": logout };
}
