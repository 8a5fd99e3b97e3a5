// The issuer's routes as API Gateway delivers them: login start and callback
// refusals (before any call to the hosted UI), logout, CORS for the program
// routes, 404/405, no-store everywhere, and 503 for an unusable config.
import * as crypto from "node:crypto";
import { SealedLoginStore } from "../../../functions/cookie-issuer/sealed-login-store";
import {
  loginCookieName,
  parseLoginCookieValue,
} from "../../../functions/shared/hosted-ui/login-cookies";
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
/** Each login's cookie is this, "-" and an id derived from its state. */
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
    const state = authorize.searchParams.get("state") ?? "";
    expect(cookie.name).toBe(loginCookieName(LOGIN_COOKIE, state));
    expect(cookie.attributes.get("path")).toBe("/");
    expect(cookie.attributes.get("max-age")).toBe("600");
    expect([...cookie.attributes.keys()]).toEqual(
      expect.arrayContaining(["httponly", "secure", "samesite"]),
    );
    // Only the issuer's key opens it, for this login's state only.
    const store = new SealedLoginStore(crypto.createPrivateKey(key.pem));
    const sealed = parseLoginCookieValue(cookie.value)?.storeValue ?? "";
    const record = await store.take(sealed, state);
    expect(record?.state).toBe(state);
    expect(record?.returnPath).toBe("/shared/a.pdf");
    expect(await store.take(sealed, `${state}x`)).toBeNull();
  });

  it("keeps one login cookie per login, within 4096 bytes together: long return paths replace older ones", async () => {
    const handle = h.handler();
    const now = nowSeconds();
    const jar = jarAfter(await handle(issuerEvent("GET", "/_auth/login?path=/a")), now);
    const start = async (path: string) => {
      const result = await handle(
        issuerEvent("GET", `/_auth/login?path=${encodeURIComponent(path)}`, {
          cookies: jar.cookieList(`${SITE_ORIGIN}/_auth/login`, now),
        }),
      );
      jar.store(result.cookies ?? [], now);
      return jar.names().filter((name) => name.startsWith(`${LOGIN_COOKIE}-`));
    };
    expect(await start("/b")).toHaveLength(2);
    const long = await start(`/${"x".repeat(2000)}`);
    expect(long).toHaveLength(3);
    // A second login this large cannot sit beside the first in 4096 bytes.
    const longer = await start(`/${"y".repeat(2000)}`);
    expect(longer).toHaveLength(1);
    expect(long).not.toContain(longer[0]); // only the newest login is left
    const bytes = jar
      .cookieList(`${SITE_ORIGIN}/_auth/callback`, now)
      .reduce((sum, pair) => sum + pair.length + 2, 0);
    expect(bytes).toBeLessThanOrEqual(4096);
  });

  it("names the login cookie without __Host- when the site's cookies have a Domain", async () => {
    const handle = h.handler({
      siteOrigin: "https://files.example.com",
      cookieDomain: "example.com",
    });
    const result = await handle(issuerEvent("GET", "/_auth/login"));
    expect(parseSetCookie(result.cookies?.[0] ?? "").name).toMatch(
      /^edge-gate-login-[A-Za-z0-9_-]{16}$/,
    );
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
    const { name, value } = parseSetCookie(start.cookies?.[0] ?? "");
    const at = value.indexOf(".") + 6; // inside the sealed part
    const tampered = value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1);
    const state = new URL(String(start.headers?.location)).searchParams.get("state");
    const result = await h.handler()(
      issuerEvent("GET", `/_auth/callback?code=abc&state=${state}`, {
        cookies: [`${name}=${tampered}`],
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
      "access-control-allow-headers": "authorization, content-type, x-amz-content-sha256",
      vary: "Origin",
      "cache-control": "no-store",
    });
  });

  it("answers a preflight from any other origin without CORS headers", async () => {
    const result = await fromOrigin("OPTIONS", "https://evil.example");
    expect(result.statusCode).toBe(400);
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
    // CloudFront sends the page with its own 403; the issuer serves it as a page.
    expect(result.statusCode).toBe(200);
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

  it("answers an event through CloudFront that is not payload 2.0 with 400", async () => {
    const fromCloudFront = { nonsense: true, headers: { "x-amz-cf-id": "Ex4mple==" } };
    expect((await h.handler()(fromCloudFront)).statusCode).toBe(400);
    // Without CloudFront's mark it is refused before it is read at all.
    expect((await h.handler()({ nonsense: true })).statusCode).toBe(403);
  });
});
