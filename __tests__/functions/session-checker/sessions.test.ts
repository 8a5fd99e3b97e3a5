// Which sessions let a request through, what reaches the origin, and how a
// request without a usable session is answered (browsers: 307 to login,
// programs: 401), against a real DynamoDB table.
import type { CloudFrontResultResponse } from "aws-lambda";
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import {
  COOKIE_NAME,
  IDENTITY_HEADER,
  IDLE_TIMEOUT_SECONDS,
  LOGIN_PATH,
  sessionCookie,
  startSessionHarness,
  TEST_SUB,
  type SessionHarness,
} from "../../support/session-checker-harness";
import {
  answered,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
  type ViewerRequestInit,
} from "../../support/viewer-request";

const NAVIGATE: [string, string][] = [
  ["Sec-Fetch-Mode", "navigate"],
  ["Accept", "text/html,application/xhtml+xml"],
];
const FETCH: [string, string][] = [
  ["Sec-Fetch-Mode", "cors"],
  ["Accept", "application/json"],
];
const CLEARING = new RegExp(
  `^${COOKIE_NAME}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$`,
);

let h: SessionHarness;
let malformedItems = 0;
let handle: ViewerRequestHandler;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  handle = h.handlerWith();
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const run = (init: ViewerRequestInit) => handle(viewerRequestEvent(init));

/** One character of `id` replaced by another base64url character: same shape, other id. */
function tampered(id: string): string {
  const swapped = id[10] === "A" ? "B" : "A";
  return id.slice(0, 10) + swapped + id.slice(11);
}

function expectLoginRedirect(response: CloudFrontResultResponse, location: string): void {
  expect(response.status).toBe("307");
  expect(header(response, "location")).toBe(location);
  expect(header(response, "set-cookie")).toMatch(CLEARING);
  expect(header(response, "cache-control")).toBe("no-store");
  expect(response.body).toBeUndefined();
}

function expectLoginRequired(response: CloudFrontResultResponse): void {
  expect(response.status).toBe("401");
  expect(jsonBody(response)).toEqual({ error: "login_required" });
  expect(header(response, "set-cookie")).toMatch(CLEARING);
  expect(header(response, "cache-control")).toBe("no-store");
  expect(header(response, "location")).toBeUndefined();
}

describe("a valid session", () => {
  it("passes with the session's sub in the identity header and the session cookie removed", async () => {
    const id = await h.putSession();
    const request = passed(
      await run({ uri: "/docs/a.pdf", headers: [sessionCookie(id, "theme=dark", "lang=en")] }),
    );
    expect(request.headers[IDENTITY_HEADER]).toEqual([{ key: "X-Auth-Sub", value: TEST_SUB }]);
    expect(request.headers.cookie).toEqual([{ key: "Cookie", value: "theme=dark; lang=en" }]);
    expect(request.uri).toBe("/docs/a.pdf");
  });

  it("removes the cookie header entirely when the session cookie was the only cookie", async () => {
    const id = await h.putSession();
    const request = passed(await run({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] }));
    expect(request.headers.cookie).toBeUndefined();
    expect(JSON.stringify(request)).not.toContain(id);
  });

  // Two copies of the session cookie, even equal ones, are refused as
  // ambiguous (ambiguous-cookies.test.ts); one copy may sit in any header.
  it("finds the session cookie in any of several cookie headers and strips it", async () => {
    const id = await h.putSession();
    const request = passed(
      await run({
        uri: "/docs/a.pdf",
        headers: [
          ["Cookie", "a=1"],
          ["cookie", `b=2; ${COOKIE_NAME}=${id}`],
          ["Cookie", "c=3"],
        ],
      }),
    );
    expect(request.headers.cookie).toEqual([
      { key: "Cookie", value: "a=1" },
      { key: "Cookie", value: "b=2" },
      { key: "Cookie", value: "c=3" },
    ]);
    expect(request.headers[IDENTITY_HEADER]?.[0].value).toBe(TEST_SUB);
  });

  it("replaces viewer-sent identity headers, whatever their casing or number", async () => {
    const id = await h.putSession();
    const event = viewerRequestEvent({
      uri: "/docs/a.pdf",
      headers: [
        sessionCookie(id),
        ["X-Auth-Sub", "admin"],
        ["x-auth-sub", "root"],
        ["X-AUTH-SUB", "someone-else"],
      ],
    });
    const headers = event.Records[0].cf.request.headers;
    headers["x-other"] = [
      { key: "x-aUtH-sub", value: "hidden" },
      { key: "X-Other", value: "kept" },
    ];
    headers["X-Auth-Sub"] = [{ key: "X-Auth-Sub", value: "mixed-case map key" }];
    const request = passed(await handle(event));
    expect(request.headers[IDENTITY_HEADER]).toEqual([{ key: "X-Auth-Sub", value: TEST_SUB }]);
    expect(request.headers["x-other"]).toEqual([{ key: "X-Other", value: "kept" }]);
    expect(request.headers["X-Auth-Sub"]).toBeUndefined();
  });

  it("passes a session within its idle timeout", async () => {
    const nowSeconds = h.clock.now / 1000;
    const id = await h.putSession({ lastSeenAt: nowSeconds - IDLE_TIMEOUT_SECONDS + 5 });
    passed(await run({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] }));
  });

  it("passes a session of any age when there is no idle timeout", async () => {
    const nowSeconds = h.clock.now / 1000;
    const id = await h.putSession({ lastSeenAt: nowSeconds - 30 * 24 * 3600 });
    handle = h.handlerWith({ idleTimeoutSeconds: null, activityIntervalSeconds: null });
    passed(await run({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] }));
  });
});

describe("no usable session", () => {
  const cases: [string, () => Promise<[string, string][]>][] = [
    ["no cookie at all", async () => []],
    ["other cookies only", async () => [["Cookie", "theme=dark"]]],
    ["an empty session cookie", async () => [sessionCookie("")]],
    ["a malformed session cookie", async () => [sessionCookie("not-an-opaque-id")]],
    [
      "a session id one character too long",
      async () => [sessionCookie(`${await h.putSession()}A`)],
    ],
    ["a tampered session id", async () => [sessionCookie(tampered(await h.putSession()))]],
    ["an unknown session id", async () => [sessionCookie("A".repeat(43))]],
  ];

  it.each(cases)("sends a navigation with %s to login, path and query kept", async (_, cookies) => {
    const response = answered(
      await run({
        uri: "/docs/report final.pdf",
        querystring: "page=2&q=a+b",
        headers: [...NAVIGATE, ...(await cookies())],
      }),
    );
    expectLoginRedirect(
      response,
      `${LOGIN_PATH}?path=%2Fdocs%2Freport%2520final.pdf%3Fpage%3D2%26q%3Da%2Bb`,
    );
  });

  it.each(cases)("answers a fetch with %s with 401 JSON", async (_, cookies) => {
    expectLoginRequired(
      answered(await run({ uri: "/docs/a.pdf", headers: [...FETCH, ...(await cookies())] })),
    );
  });

  it("redirects to the normalized path without a query when there is none", async () => {
    const response = answered(await run({ uri: "/docs/./x/../a.pdf", headers: NAVIGATE }));
    expectLoginRedirect(response, `${LOGIN_PATH}?path=%2Fdocs%2Fa.pdf`);
  });

  it("redirects an old browser that sends Accept: text/html but no Fetch Metadata", async () => {
    const response = answered(await run({ uri: "/a.html", headers: [["Accept", "text/html"]] }));
    expectLoginRedirect(response, `${LOGIN_PATH}?path=%2Fa.html`);
  });

  it.each(["POST", "PUT", "DELETE", "OPTIONS"])(
    "answers a %s navigation with 401, since a 307 would replay the method",
    async (method) => {
      expectLoginRequired(answered(await run({ uri: "/docs/a.pdf", method, headers: NAVIGATE })));
    },
  );

  it("denies an expired session even though its item is still in the table", async () => {
    const nowSeconds = h.clock.now / 1000;
    const id = await h.putSession({ expiresAt: nowSeconds - 1 });
    expectLoginRequired(
      answered(await run({ uri: "/docs/a.pdf", headers: [...FETCH, sessionCookie(id)] })),
    );
    const navigation = answered(
      await run({ uri: "/docs/a.pdf", headers: [...NAVIGATE, sessionCookie(id)] }),
    );
    expectLoginRedirect(navigation, `${LOGIN_PATH}?path=%2Fdocs%2Fa.pdf`);
  });

  it("denies a session that expires exactly now", async () => {
    const id = await h.putSession({ expiresAt: h.clock.now / 1000 });
    expectLoginRequired(answered(await run({ uri: "/a", headers: [sessionCookie(id)] })));
  });

  it("denies an idle-timed-out session", async () => {
    const nowSeconds = h.clock.now / 1000;
    const id = await h.putSession({ lastSeenAt: nowSeconds - IDLE_TIMEOUT_SECONDS });
    expectLoginRequired(answered(await run({ uri: "/a", headers: [sessionCookie(id)] })));
  });

  it.each([
    ["without sub", { expiresAt: { N: "9999999999" }, lastSeenAt: { N: "1750000000" } }],
    [
      "with an empty sub",
      { sub: { S: "" }, expiresAt: { N: "9999999999" }, lastSeenAt: { N: "1750000000" } },
    ],
    [
      "with a sub holding a newline",
      {
        sub: { S: "a\r\nX-Evil: 1" },
        expiresAt: { N: "9999999999" },
        lastSeenAt: { N: "1750000000" },
      },
    ],
    [
      "with a numeric sub",
      { sub: { N: "12" }, expiresAt: { N: "9999999999" }, lastSeenAt: { N: "1750000000" } },
    ],
    [
      "with expiresAt a string",
      { sub: { S: TEST_SUB }, expiresAt: { S: "9999999999" }, lastSeenAt: { N: "1750000000" } },
    ],
    ["without lastSeenAt", { sub: { S: TEST_SUB }, expiresAt: { N: "9999999999" } }],
  ])("denies a session whose item is malformed (%s)", async (_, item) => {
    malformedItems += 1;
    const id = "M".repeat(42) + String(malformedItems);
    await h.putRawItem(id, item);
    expectLoginRequired(answered(await run({ uri: "/a", headers: [sessionCookie(id)] })));
  });

  it("never leaks a session id or the table key into the response", async () => {
    const id = "Z".repeat(43);
    const response = answered(await run({ uri: "/a", headers: [...NAVIGATE, sessionCookie(id)] }));
    expect(JSON.stringify(response)).not.toContain(id);
  });
});
