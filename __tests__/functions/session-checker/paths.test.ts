// Which paths need a session, how the path is normalized before it is
// judged and forwarded, and CORS: preflights of allowed origins pass, and the
// checker's own answers are readable by them.
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import {
  APP_ORIGIN,
  COOKIE_NAME,
  IDENTITY_HEADER,
  sessionCookie,
  startSessionHarness,
  type SessionHarness,
} from "../../support/session-checker-harness";
import {
  answered,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
} from "../../support/viewer-request";

let h: SessionHarness;
let handle: ViewerRequestHandler;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  handle = h.handlerWith();
});

describe("public paths", () => {
  it.each(["/public/a.css", "/public/deep/x/y.js", "/index.html", "/public/"])(
    "passes %s without a session and without a look-up",
    async (uri) => {
      const before = h.proxy.requests();
      const request = passed(await handle(viewerRequestEvent({ uri })));
      expect(request.uri).toBe(uri);
      expect(h.proxy.requests()).toBe(before);
    },
  );

  it("does not look up a session cookie sent to a public path, and strips it and any identity header", async () => {
    const id = await h.putSession();
    const before = h.proxy.requests();
    const request = passed(
      await handle(
        viewerRequestEvent({
          uri: "/public/a.css",
          headers: [
            sessionCookie(id, "theme=dark"),
            ["X-Auth-Sub", "admin"],
            ["x-AUTH-sub", "root"],
          ],
        }),
      ),
    );
    expect(h.proxy.requests()).toBe(before);
    expect(request.headers.cookie).toEqual([{ key: "Cookie", value: "theme=dark" }]);
    expect(request.headers[IDENTITY_HEADER]).toBeUndefined();
  });

  it.each(["/public", "/index.html/x", "/indexhtml", "/public-not/a.css", "/Public/a.css"])(
    "protects %s, which only looks like a public path",
    async (uri) => {
      expect(answered(await handle(viewerRequestEvent({ uri }))).status).toBe("401");
    },
  );

  it("judges the normalized path: a climb out of /public/ is protected", async () => {
    const response = answered(await handle(viewerRequestEvent({ uri: "/public/../docs/a.pdf" })));
    expect(response.status).toBe("401");
  });

  it("passes a public path reached through dot segments, forwarding the normalized uri", async () => {
    const request = passed(
      await handle(viewerRequestEvent({ uri: "/docs/../public/./a%20b.css" })),
    );
    expect(request.uri).toBe("/public/a%20b.css");
  });
});

describe("path normalization", () => {
  it.each([
    ["an encoded slash", "/public%2f..%2fdocs/a.pdf"],
    ["an encoded backslash", "/public/..%5cdocs/a.pdf"],
    ["a backslash", "/public\\..\\docs"],
    ["a climb above the root", "/../docs/a.pdf"],
    ["an encoded climb above the root", "/%2e%2e/docs/a.pdf"],
    ["double encoding", "/public/%252e%252e/docs"],
    ["invalid UTF-8", "/docs/%c0%ae%c0%ae/a"],
    ["a NUL byte", "/docs/a%00.pdf"],
    ["a relative uri", "docs/a.pdf"],
  ])("refuses %s with 400 before any look-up", async (_, uri) => {
    const id = await h.putSession();
    const before = h.proxy.requests();
    const response = answered(
      await handle(viewerRequestEvent({ uri, headers: [sessionCookie(id)] })),
    );
    expect(response.status).toBe("400");
    expect(jsonBody(response)).toEqual({ error: "invalid_path" });
    expect(h.proxy.requests()).toBe(before);
  });

  it("forwards the normalized, re-encoded uri with a valid session", async () => {
    const id = await h.putSession();
    const request = passed(
      await handle(
        viewerRequestEvent({
          uri: "/docs//x/./../r%C3%A9sum%C3%A9.pdf",
          headers: [sessionCookie(id)],
        }),
      ),
    );
    expect(request.uri).toBe("/docs/r%C3%A9sum%C3%A9.pdf");
  });
});

describe("CORS", () => {
  const PREFLIGHT: [string, string][] = [
    ["Origin", APP_ORIGIN],
    ["Access-Control-Request-Method", "GET"],
  ];

  it("passes a preflight from an allowed origin without a session or look-up, stripped", async () => {
    const before = h.proxy.requests();
    const request = passed(
      await handle(
        viewerRequestEvent({
          uri: "/docs/a.pdf",
          method: "OPTIONS",
          headers: [...PREFLIGHT, ["X-Auth-Sub", "admin"], ["Cookie", `${COOKIE_NAME}=x; a=1`]],
        }),
      ),
    );
    expect(h.proxy.requests()).toBe(before);
    expect(request.headers[IDENTITY_HEADER]).toBeUndefined();
    expect(request.headers.cookie).toEqual([{ key: "Cookie", value: "a=1" }]);
  });

  it("denies a preflight from an origin that is not allowed", async () => {
    const response = answered(
      await handle(
        viewerRequestEvent({
          uri: "/docs/a.pdf",
          method: "OPTIONS",
          headers: [
            ["Origin", "https://evil.example"],
            ["Access-Control-Request-Method", "GET"],
          ],
        }),
      ),
    );
    expect(response.status).toBe("401");
    expect(header(response, "access-control-allow-origin")).toBeUndefined();
  });

  it("lets an allowed origin read the 401 of a fetch without a session", async () => {
    const response = answered(
      await handle(
        viewerRequestEvent({
          uri: "/docs/a.pdf",
          headers: [
            ["Origin", APP_ORIGIN],
            ["Sec-Fetch-Mode", "cors"],
          ],
        }),
      ),
    );
    expect(response.status).toBe("401");
    expect(header(response, "access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(header(response, "vary")).toBe("Origin");
    expect(header(response, "set-cookie")).toMatch(/^__Host-edge-gate-session=;/);
  });

  it("adds no CORS headers for an origin that is not allowed", async () => {
    const response = answered(
      await handle(
        viewerRequestEvent({ uri: "/docs/a.pdf", headers: [["Origin", "https://evil.example"]] }),
      ),
    );
    expect(header(response, "access-control-allow-origin")).toBeUndefined();
  });

  it("lets an allowed origin read a 400 too", async () => {
    const response = answered(
      await handle(viewerRequestEvent({ uri: "/a%2fb", headers: [["Origin", APP_ORIGIN]] })),
    );
    expect(response.status).toBe("400");
    expect(header(response, "access-control-allow-origin")).toBe(APP_ORIGIN);
  });
});
