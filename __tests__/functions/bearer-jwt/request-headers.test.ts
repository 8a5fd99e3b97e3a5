// What reaches the origin (identity header, no credentials), CORS preflight,
// and how browsers and programs are answered differently.
import {
  APP_ORIGIN,
  IDENTITY_HEADER,
  LOGIN_URL,
  startHarness,
  type Harness,
} from "../../support/bearer-jwt-harness";
import { TEST_SUB } from "../../support/jwt-fixtures";
import {
  answered,
  bearer,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
} from "../../support/viewer-request";

const OWN_FILE = `/users/${TEST_SUB}/index.html`;
const PREFLIGHT: [string, string][] = [
  ["Origin", "https://app.example.com"],
  ["Access-Control-Request-Method", "GET"],
  ["Access-Control-Request-Headers", "authorization"],
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("identity header", () => {
  it("sets the verified sub and removes the Authorization header on pass", async () => {
    const event = viewerRequestEvent({ uri: OWN_FILE, headers: [bearer(h.token())] });
    const request = passed(await h.handle(event));
    expect(request.headers[IDENTITY_HEADER]).toEqual([{ key: "X-Auth-Sub", value: TEST_SUB }]);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers.host).toBeDefined();
  });

  it("replaces a viewer-sent identity header with the verified sub", async () => {
    const event = viewerRequestEvent({
      uri: OWN_FILE,
      headers: [bearer(h.token()), ["X-Auth-Sub", "someone-else"], ["x-auth-sub", "admin"]],
    });
    const request = passed(await h.handle(event));
    expect(request.headers[IDENTITY_HEADER]).toEqual([{ key: "X-Auth-Sub", value: TEST_SUB }]);
  });

  it("removes a viewer-sent identity header with odd casing from public requests", async () => {
    const event = viewerRequestEvent({ uri: "/public/a.css", headers: [["x-AUTH-sUB", "admin"]] });
    const request = passed(await h.handle(event));
    expect(request.headers[IDENTITY_HEADER]).toBeUndefined();
  });

  it("removes an identity header whose key field hides under another map key", async () => {
    const event = viewerRequestEvent({ uri: "/public/a.css" });
    event.Records[0].cf.request.headers["x-other"] = [
      { key: "X-Auth-Sub", value: "admin" },
      { key: "x-other", value: "kept" },
    ];
    event.Records[0].cf.request.headers["X-AUTH-SUB"] = [{ key: "X-AUTH-SUB", value: "admin" }];
    const request = passed(await h.handle(event));
    expect(request.headers["x-other"]).toEqual([{ key: "x-other", value: "kept" }]);
    expect(request.headers["X-AUTH-SUB"]).toBeUndefined();
  });

  it("sends no identity header and no Authorization header on a public pass", async () => {
    const event = viewerRequestEvent({ uri: "/public/a.css", headers: [bearer(h.token())] });
    const request = passed(await h.handle(event));
    expect(request.headers[IDENTITY_HEADER]).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
  });
});

describe("CORS preflight", () => {
  it("passes a preflight without a token when allowed, stripped of credentials", async () => {
    const event = viewerRequestEvent({
      uri: OWN_FILE,
      method: "OPTIONS",
      headers: [...PREFLIGHT, ["X-Auth-Sub", "admin"], ["Authorization", "Bearer junk"]],
    });
    const request = passed(await h.handle(event));
    expect(request.headers[IDENTITY_HEADER]).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
  });

  it("denies a preflight from an origin that is not allowed", async () => {
    const event = viewerRequestEvent({
      uri: OWN_FILE,
      method: "OPTIONS",
      headers: [
        ["Origin", "https://evil.example"],
        ["Access-Control-Request-Method", "GET"],
      ],
    });
    const response = answered(await h.handle(event));
    expect(response.status).toBe("401");
    expect(response.headers?.["access-control-allow-origin"]).toBeUndefined();
  });

  it("denies a preflight with 401 when preflights are not allowed", async () => {
    const handle = h.handlerWith({ corsAllowedOrigins: [] });
    const event = viewerRequestEvent({ uri: OWN_FILE, method: "OPTIONS", headers: PREFLIGHT });
    expect(answered(await handle(event)).status).toBe("401");
  });

  it("treats an OPTIONS request that is not a preflight like any other request", async () => {
    const noMethod = viewerRequestEvent({
      uri: OWN_FILE,
      method: "OPTIONS",
      headers: [["Origin", "https://app.example.com"]],
    });
    expect(answered(await h.handle(noMethod)).status).toBe("401");
    const noOrigin = viewerRequestEvent({
      uri: OWN_FILE,
      method: "OPTIONS",
      headers: [["Access-Control-Request-Method", "GET"]],
    });
    expect(answered(await h.handle(noOrigin)).status).toBe("401");
  });
});

describe("navigations and programs", () => {
  const navigate: [string, string] = ["Sec-Fetch-Mode", "navigate"];

  it("redirects a navigation without a token to the login page (307)", async () => {
    const response = answered(
      await h.handle(viewerRequestEvent({ uri: OWN_FILE, headers: [navigate] })),
    );
    expect(response.status).toBe("307");
    expect(header(response, "location")).toBe(LOGIN_URL);
    expect(header(response, "cache-control")).toBe("no-store");
  });

  it("redirects a navigation with an invalid token to the login page", async () => {
    const event = viewerRequestEvent({ uri: OWN_FILE, headers: [navigate, bearer("x.y.z")] });
    expect(answered(await h.handle(event)).status).toBe("307");
  });

  it("treats Accept: text/html without Fetch Metadata as a navigation", async () => {
    const accept: [string, string] = ["Accept", "text/html,application/xhtml+xml;q=0.9"];
    const event = viewerRequestEvent({ uri: OWN_FILE, headers: [accept] });
    expect(answered(await h.handle(event)).status).toBe("307");
  });

  it("answers a fetch without a token with 401 JSON, never a redirect", async () => {
    const event = viewerRequestEvent({
      uri: OWN_FILE,
      headers: [
        ["Sec-Fetch-Mode", "cors"],
        ["Accept", "text/html"],
      ],
    });
    const response = answered(await h.handle(event));
    expect(response.status).toBe("401");
    expect(header(response, "content-type")).toBe("application/json");
    expect(jsonBody(response)).toEqual({ error: "unauthorized" });
  });

  it("answers a navigation with 401 when no login URL is configured", async () => {
    const handle = h.handlerWith({ loginUrl: null });
    const response = answered(
      await handle(viewerRequestEvent({ uri: OWN_FILE, headers: [navigate] })),
    );
    expect(response.status).toBe("401");
  });

  it("never turns 403, 400 or 503 into a redirect", async () => {
    const forbidden = viewerRequestEvent({
      uri: "/admin/x.html",
      headers: [navigate, bearer(h.token())],
    });
    expect(answered(await h.handle(forbidden)).status).toBe("403");
    const badPath = viewerRequestEvent({ uri: "/%ff", headers: [navigate] });
    expect(answered(await h.handle(badPath)).status).toBe("400");
    const twoTokens = viewerRequestEvent({
      uri: OWN_FILE,
      headers: [navigate, bearer("a"), bearer("b")],
    });
    expect(answered(await h.handle(twoTokens)).status).toBe("400");
  });

  it("does not redirect navigations with methods other than GET and HEAD", async () => {
    const event = viewerRequestEvent({ uri: OWN_FILE, method: "POST", headers: [navigate] });
    expect(answered(await h.handle(event)).status).toBe("401");
    const head = viewerRequestEvent({ uri: OWN_FILE, method: "HEAD", headers: [navigate] });
    expect(answered(await h.handle(head)).status).toBe("307");
  });
});

describe("CORS on the function's own answers", () => {
  it("lets an allowed origin's fetch read the 401 and its challenge", async () => {
    const event = viewerRequestEvent({ uri: OWN_FILE, headers: [["Origin", APP_ORIGIN]] });
    const response = answered(await h.handle(event));
    expect(response.status).toBe("401");
    expect(response.headers?.["access-control-allow-origin"]).toEqual([
      { key: "Access-Control-Allow-Origin", value: APP_ORIGIN },
    ]);
    expect(response.headers?.["access-control-expose-headers"]?.[0].value).toBe("www-authenticate");
    expect(response.headers?.vary?.[0].value).toBe("Origin");
  });

  it("adds no CORS headers for another origin or without one", async () => {
    for (const headers of [[["Origin", "https://evil.example"]], []] as [string, string][][]) {
      const response = answered(await h.handle(viewerRequestEvent({ uri: OWN_FILE, headers })));
      expect(response.headers?.["access-control-allow-origin"]).toBeUndefined();
    }
  });

  it("adds no CORS headers to a request it lets through (the distribution's policy does)", async () => {
    const event = viewerRequestEvent({
      uri: OWN_FILE,
      headers: [["Origin", APP_ORIGIN], bearer(h.token())],
    });
    expect(passed(await h.handle(event)).headers["access-control-allow-origin"]).toBeUndefined();
  });
});
