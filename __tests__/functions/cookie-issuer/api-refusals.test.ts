// How the issuer's program routes (/cookies, /url) turn a caller down: never
// with 403, which CloudFront's distribution-wide error page would replace
// with the HTML refused page, so a program reads the JSON the issuer sent.
// A signed-in caller refused what it asked for gets 422 and the reason; the
// refusals of an allowed origin are readable by it, with credentials.
import {
  APP_ORIGIN,
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  issuerEvent,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import { TEST_SUB } from "../../support/jwt-fixtures";
import type { ApiResult } from "../../../functions/cookie-issuer/handler";

const OTHER_SUB = "0c4b8e1d-2f3a-4b5c-9d6e-7f8091a2b3c4";
let h: IssuerHarness;
beforeAll(async () => {
  h = await startIssuerHarness(generateCloudFrontKey("ec"));
});
afterAll(() => h.close());

const ask = (target: string, headers: Record<string, string> = {}, method = "GET") =>
  h.handler()(issuerEvent(method, target, { headers }));

function expectJsonRefusal(result: ApiResult, status: number, error: string): void {
  expect(result.statusCode).toBe(status);
  expect(result.headers?.["content-type"]).toBe("application/json");
  expect(result.headers?.["cache-control"]).toBe("no-store");
  expect(bodyOf(result).error).toBe(error);
  expect(JSON.stringify(result.cookies ?? [])).not.toContain("CloudFront-");
}

describe("a signed-in caller refused what it asked for: 422, never 403", () => {
  it("/cookies for a sub that could leave its own folder", async () => {
    const result = await ask("/_auth/cookies", bearerHeaders(h.token({ sub: "a/b" })));
    expectJsonRefusal(result, 422, "unsafe_identity");
  });

  it("/cookies for a user who may read nothing", async () => {
    const handle = h.handler({ rules: { groupPrefixes: [], userPrefixes: [] } });
    const result = await handle(
      issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token()) }),
    );
    expectJsonRefusal(result, 422, "no_readable_paths");
  });

  it("/url for another user's object", async () => {
    const result = await ask(`/_auth/url?key=/users/${OTHER_SUB}/a.pdf`, bearerHeaders(h.token()));
    expectJsonRefusal(result, 422, "forbidden");
  });

  it("/url for an unsafe sub", async () => {
    const result = await ask(
      `/_auth/url?key=/users/${TEST_SUB}/a.pdf`,
      bearerHeaders(h.token({ sub: "*" })),
    );
    expectJsonRefusal(result, 422, "unsafe_identity");
  });
});

describe("preflights the issuer will not grant: 400 without CORS headers", () => {
  it.each([
    ["an origin that is not allowed", { origin: "https://evil.example" }],
    ["a look-alike of an allowed origin", { origin: `${APP_ORIGIN}/` }],
  ])("from %s", async (_, headers) => {
    const result = await ask(
      "/_auth/cookies",
      { ...headers, "access-control-request-method": "POST" },
      "OPTIONS",
    );
    expectJsonRefusal(result, 400, "origin_not_allowed");
    expect(result.headers?.["access-control-allow-origin"]).toBeUndefined();
    expect(result.headers?.["access-control-allow-credentials"]).toBeUndefined();
    expect(result.headers?.vary).toBe("Origin");
  });

  it("for an OPTIONS without Access-Control-Request-Method", async () => {
    const result = await ask("/_auth/url", { origin: APP_ORIGIN }, "OPTIONS");
    expectJsonRefusal(result, 400, "origin_not_allowed");
    expect(result.headers?.["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("refusals an allowed origin may read", () => {
  it.each([
    ["a 401 without a token", "/_auth/cookies", {}, 401],
    ["a 422 for another user's object", `/_auth/url?key=/users/${OTHER_SUB}/a.pdf`, null, 422],
    ["a 400 for a missing key", "/_auth/url", null, 400],
  ])("%s", async (_, target, headers, status) => {
    const result = await ask(target, {
      origin: APP_ORIGIN,
      ...(headers ?? bearerHeaders(h.token())),
    });
    expect(result.statusCode).toBe(status);
    expect(result.headers).toMatchObject({
      "access-control-allow-origin": APP_ORIGIN,
      "access-control-allow-credentials": "true",
      vary: "Origin",
    });
  });

  it("a 405 for a method the route does not take", async () => {
    const result = await ask("/_auth/cookies", { origin: APP_ORIGIN }, "DELETE");
    expect(result.statusCode).toBe(405);
    expect(result.headers).toMatchObject({
      allow: "GET, POST, OPTIONS",
      "access-control-allow-origin": APP_ORIGIN,
      "access-control-allow-credentials": "true",
      vary: "Origin",
    });
  });

  it("and no other origin", async () => {
    const result = await ask("/_auth/cookies", { origin: "https://evil.example" }, "DELETE");
    expect(result.statusCode).toBe(405);
    expect(result.headers?.["access-control-allow-origin"]).toBeUndefined();
    expect(result.headers?.["access-control-allow-credentials"]).toBeUndefined();
    expect(result.headers?.vary).toBe("Origin");
  });
});

describe("browser routes", () => {
  it("answer CORS to no one, allowed origin or not", async () => {
    for (const target of ["/_auth/login", "/_auth/logout", "/_auth/refused"]) {
      const result = await ask(target, { origin: APP_ORIGIN });
      expect(result.headers?.["access-control-allow-origin"]).toBeUndefined();
      expect(result.headers?.["access-control-allow-credentials"]).toBeUndefined();
    }
  });
});
