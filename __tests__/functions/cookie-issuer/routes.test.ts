// The issuer's routes as API Gateway delivers them: login start and callback
// refusals (before any call to the hosted UI), logout, CORS for the program
// routes, 404/405, no-store everywhere, and 503 for an unusable config.
import * as crypto from "node:crypto";
import { SealedLoginStore } from "../../../functions/cookie-issuer/sealed-login-store";
import {
  APP_ORIGIN,
  jarAfter,
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  HOSTED_UI_CLIENT_ID,
  issuerEvent,
  parseSetCookie,
  SITE_ORIGIN,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import { nowSeconds, TEST_SUB } from "../../support/jwt-fixtures";

const key = generateCloudFrontKey("rsa");
const LOGIN_COOKIE = "__Host-edge-gate-login";
let h: IssuerHarness;

beforeAll(async () => {
  h = await startIssuerHarness(key);
});
afterAll(() => h.close());

describe("GET /_auth/login", () => {
  it("sends the browser to the hosted UI with a sealed login cookie", async () => {
    const result = await h.handler()(issuerEvent("GET", "/_auth/login?path=%2Fshared%2Fa.pdf"));
    expect(result.statusCode).toBe(307);
    const authorize = new URL(String(result.headers?.location));
    expect(authorize.searchParams.get("client_id")).toBe(HOSTED_UI_CLIENT_ID);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${SITE_ORIGIN}/_auth/callback`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    const cookie = parseSetCookie(result.cookies?.[0] ?? "");
    expect(cookie.name).toBe(LOGIN_COOKIE);
    expect(cookie.attributes.get("path")).toBe("/");
    // Only the issuer's key opens it, and it holds this login's state.
    const store = new SealedLoginStore(crypto.createPrivateKey(key.pem));
    const record = await store.take(cookie.value);
    expect(record?.state).toBe(authorize.searchParams.get("state"));
    expect(record?.returnPath).toBe("/shared/a.pdf");
  });

  it("names the login cookie without __Host- when the site's cookies have a Domain", async () => {
    const handle = h.handler({
      siteOrigin: "https://files.example.com",
      cookieDomain: "example.com",
    });
    const result = await handle(issuerEvent("GET", "/_auth/login"));
    expect(parseSetCookie(result.cookies?.[0] ?? "").name).toBe("edge-gate-login");
  });
});

describe("GET /_auth/callback refusals", () => {
  it("shows a page, no cookies, for a callback without the login cookie", async () => {
    const result = await h.handler()(issuerEvent("GET", "/_auth/callback?code=abc&state=def"));
    expect(result.statusCode).toBe(400);
    expect(result.headers?.["content-type"]).toBe("text/html; charset=utf-8");
    expect(result.body).toContain("/_auth/login?path=");
    expect(JSON.stringify(result.cookies)).not.toContain("CloudFront-");
  });

  it("reads a tampered login cookie as an unknown login", async () => {
    const start = await h.handler()(issuerEvent("GET", "/_auth/login"));
    const { value } = parseSetCookie(start.cookies?.[0] ?? "");
    const tampered = value.slice(0, 5) + (value[5] === "A" ? "B" : "A") + value.slice(6);
    const state = new URL(String(start.headers?.location)).searchParams.get("state");
    const result = await h.handler()(
      issuerEvent("GET", `/_auth/callback?code=abc&state=${state}`, {
        cookies: [`${LOGIN_COOKIE}=${tampered}`],
      }),
    );
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain("already used or has expired");
  });
});

describe("/_auth/logout", () => {
  it("expires every set the browser was given and the group sets, then goes to the hosted UI's /logout", async () => {
    const handle = h.handler();
    const issued = await handle(
      issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token()) }),
    );
    const now = nowSeconds();
    const jar = jarAfter(issued, now);
    expect(jar.paths("CloudFront-Policy").sort()).toEqual(["/shared/", `/users/${TEST_SUB}/`]);

    for (const method of ["GET", "POST"]) {
      const result = await handle(
        issuerEvent(method, "/_auth/logout", {
          cookies: jar.cookieList(`${SITE_ORIGIN}/_auth/logout`, now),
        }),
      );
      expect(result.statusCode).toBe(302);
      const location = new URL(String(result.headers?.location));
      expect(location.pathname).toBe("/logout");
      expect(location.searchParams.get("client_id")).toBe(HOSTED_UI_CLIENT_ID);
      expect(location.searchParams.get("logout_uri")).toBe(`${SITE_ORIGIN}/signed-out.html`);
      const expired = (result.cookies ?? []).map(parseSetCookie);
      expect(expired.every((c) => c.attributes.get("max-age") === "0")).toBe(true);
      // The configured group folders are expired even without the issued-paths cookie.
      expect(
        expired.filter((c) => c.name === "CloudFront-Policy").map((c) => c.attributes.get("path")),
      ).toContain("/reports/summary.pdf");
    }
    const logout = await handle(
      issuerEvent("GET", "/_auth/logout", {
        cookies: jar.cookieList(`${SITE_ORIGIN}/_auth/logout`, now),
      }),
    );
    jar.store(logout.cookies ?? [], now);
    expect(jar.names()).toEqual([]);
  });
});

describe("CORS on the program routes", () => {
  const fromOrigin = (method: string, origin: string, extra: Record<string, string> = {}) =>
    h.handler()(
      issuerEvent(method, "/_auth/cookies", {
        headers: { origin, "access-control-request-method": "POST", ...extra },
      }),
    );

  it("answers a preflight from an allowed origin with 204 and the allowed methods and headers", async () => {
    const result = await fromOrigin("OPTIONS", APP_ORIGIN);
    expect(result.statusCode).toBe(204);
    expect(result.headers).toMatchObject({
      "access-control-allow-origin": APP_ORIGIN,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "authorization, content-type",
      vary: "Origin",
      "cache-control": "no-store",
    });
  });

  it("answers a preflight from any other origin without CORS headers", async () => {
    const result = await fromOrigin("OPTIONS", "https://evil.example");
    expect(result.statusCode).toBe(403);
    expect(result.headers?.["access-control-allow-origin"]).toBeUndefined();
    expect(result.headers?.["access-control-allow-credentials"]).toBeUndefined();
  });

  it("lets an allowed origin read the answer and keep the cookies, and no other origin", async () => {
    const allowed = await fromOrigin("POST", APP_ORIGIN, bearerHeaders(h.token()));
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers).toMatchObject({
      "access-control-allow-origin": APP_ORIGIN,
      "access-control-allow-credentials": "true",
      vary: "Origin",
    });
    const other = await fromOrigin("POST", "https://evil.example", bearerHeaders(h.token()));
    expect(other.headers?.["access-control-allow-origin"]).toBeUndefined();
    expect(other.headers?.vary).toBe("Origin");
  });

  it("lets an allowed origin read a 401 and its challenge", async () => {
    const result = await fromOrigin("GET", APP_ORIGIN, { authorization: "Bearer not-a-jwt" });
    expect(result.statusCode).toBe(401);
    expect(result.headers?.["www-authenticate"]).toBe('Bearer error="invalid_token"');
    expect(result.headers?.["access-control-allow-origin"]).toBe(APP_ORIGIN);
    expect(result.headers?.["access-control-expose-headers"]).toBe("www-authenticate");
  });
});

describe("GET /_auth/refused (CloudFront's page for a 403)", () => {
  it("sends the browser to login with the refused path once, and otherwise shows a link", async () => {
    const result = await h.handler()(issuerEvent("GET", "/_auth/refused"));
    expect(result.statusCode).toBe(403);
    expect(result.headers?.["content-type"]).toMatch(/^text\/html/);
    expect(result.headers?.["cache-control"]).toBe("no-store");
    expect(result.body).toContain('<a href="/_auth/login">Sign in</a>');
    // The path comes from the address bar, encoded; one attempt per path per minute.
    expect(result.body).toContain('"/_auth/login"+"?path="+encodeURIComponent(p)');
    expect(result.body).toContain("sessionStorage");
    expect(result.body).toContain("location.replace(href)");
  });
});

describe("routing", () => {
  it("answers unknown routes with 404 and other methods with 405, never cached", async () => {
    const handle = h.handler();
    const answers = await Promise.all([
      handle(issuerEvent("GET", "/_auth/nothing")),
      handle(issuerEvent("GET", "/elsewhere")),
      handle(issuerEvent("GET", "/_auth")),
      handle(issuerEvent("POST", "/_auth/callback")),
      handle(issuerEvent("DELETE", "/_auth/cookies")),
      handle(issuerEvent("POST", "/_auth/url")),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([404, 404, 404, 405, 405, 405]);
    expect(answers[4].headers?.allow).toBe("GET, POST, OPTIONS");
    expect(answers.every((a) => a.headers?.["cache-control"] === "no-store")).toBe(true);
  });

  it("answers a request without a token with a bare Bearer challenge", async () => {
    const result = await h.handler()(issuerEvent("GET", "/_auth/cookies"));
    expect(result.statusCode).toBe(401);
    expect(result.headers?.["www-authenticate"]).toBe("Bearer");
    expect(bodyOf(result)).toEqual({ error: "unauthorized" });
  });

  it("answers an event that is not API Gateway's with 400", async () => {
    expect((await h.handler()({ nonsense: true })).statusCode).toBe(400);
  });
});
