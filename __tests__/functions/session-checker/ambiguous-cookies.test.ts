// Ambiguous credentials are refused: a __Host- cookie exists once per host,
// so two session cookies (in one Cookie header or several, even with the
// same value) mean cookie tossing or a forged request, and a session cookie
// beside a credential this mode never issues (an Authorization header,
// CloudFront signed cookies) leaves who is asking in doubt. Either is a 400
// that neither redirects (a tossed parent-domain cookie survives any login,
// so a redirect would loop) nor clears the cookie (clearing the host's copy
// would leave the tossed one as the only, unambiguous, session cookie).
import type { CloudFrontResultResponse } from "aws-lambda";
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import {
  APP_ORIGIN,
  COOKIE_NAME,
  IDENTITY_HEADER,
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
} from "../../support/viewer-request";

const NAVIGATE: [string, string][] = [
  ["Sec-Fetch-Mode", "navigate"],
  ["Accept", "text/html"],
];
const FETCH: [string, string][] = [["Sec-Fetch-Mode", "cors"]];

let h: SessionHarness;
let handle: ViewerRequestHandler;
let real: string;
let forged: string;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  handle = h.handlerWith();
  real = await h.putSession();
  forged = await h.putSession({ sub: "attacker-sub" });
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const cookie = (id: string) => `${COOKIE_NAME}=${id}`;

function expectAmbiguous(response: CloudFrontResultResponse): void {
  expect(response.status).toBe("400");
  expect(jsonBody(response)).toEqual({ error: "ambiguous_credentials" });
  expect(header(response, "cache-control")).toBe("no-store");
  expect(header(response, "location")).toBeUndefined();
  expect(header(response, "set-cookie")).toBeUndefined();
}

const ambiguous: [string, () => [string, string][]][] = [
  [
    "a forged session cookie after the real one",
    () => [["Cookie", `${cookie(real)}; ${cookie(forged)}`]],
  ],
  [
    "a forged session cookie before the real one",
    () => [["Cookie", `${cookie(forged)}; ${cookie(real)}`]],
  ],
  [
    "the session cookie in two Cookie headers",
    () => [
      ["Cookie", `theme=dark; ${cookie(real)}`],
      ["Cookie", cookie(forged)],
    ],
  ],
  ["two identical session cookies", () => [["Cookie", `${cookie(real)}; ${cookie(real)}`]]],
  [
    "two identical session cookies in two headers",
    () => [
      ["Cookie", cookie(real)],
      ["Cookie", cookie(real)],
    ],
  ],
  [
    "a second session cookie with spaces around its name",
    () => [["Cookie", `${cookie(real)};  ${COOKIE_NAME} =x`]],
  ],
  [
    "a session cookie and an Authorization header",
    () => [sessionCookie(real), ["Authorization", "Bearer eyJ.x.y"]],
  ],
  [
    "a session cookie and a Basic Authorization header",
    () => [sessionCookie(real), ["Authorization", "Basic dTpw"]],
  ],
  [
    "a session cookie and CloudFront signed cookies",
    () => [
      sessionCookie(
        real,
        "CloudFront-Policy=p",
        "CloudFront-Signature=s",
        "CloudFront-Key-Pair-Id=K1",
      ),
    ],
  ],
  [
    "a session cookie and a CloudFront-Expires cookie",
    () => [sessionCookie(real, "CloudFront-Expires=1")],
  ],
  [
    "a malformed session cookie and a real one",
    () => [["Cookie", `${COOKIE_NAME}=nope; ${cookie(real)}`]],
  ],
];

it.each(ambiguous)(
  "refuses a navigation with %s: 400, no redirect, no cookie cleared",
  async (_, headers) => {
    expectAmbiguous(
      answered(
        await handle(
          viewerRequestEvent({ uri: "/docs/a.pdf", headers: [...NAVIGATE, ...headers()] }),
        ),
      ),
    );
  },
);

it.each(ambiguous)("refuses a fetch with %s, without looking anything up", async (_, headers) => {
  const before = h.proxy.requests();
  expectAmbiguous(
    answered(
      await handle(viewerRequestEvent({ uri: "/docs/a.pdf", headers: [...FETCH, ...headers()] })),
    ),
  );
  expect(h.proxy.requests()).toBe(before);
});

it("lets an allowed origin's fetch read the 400", async () => {
  const response = answered(
    await handle(
      viewerRequestEvent({
        uri: "/docs/a.pdf",
        headers: [
          ...FETCH,
          ["Origin", APP_ORIGIN],
          ["Cookie", `${cookie(real)}; ${cookie(forged)}`],
        ],
      }),
    ),
  );
  expectAmbiguous(response);
  expect(header(response, "access-control-allow-origin")).toBe(APP_ORIGIN);
});

it("still serves public paths, with every session cookie stripped", async () => {
  const request = passed(
    await handle(
      viewerRequestEvent({
        uri: "/public/a.css",
        headers: [["Cookie", `${cookie(real)}; a=1; ${cookie(forged)}`]],
      }),
    ),
  );
  expect(request.headers.cookie).toEqual([{ key: "Cookie", value: "a=1" }]);
  expect(request.headers[IDENTITY_HEADER]).toBeUndefined();
});

describe("what stays unambiguous", () => {
  it("passes one session cookie among other cookies in several Cookie headers", async () => {
    const request = passed(
      await handle(
        viewerRequestEvent({
          uri: "/docs/a.pdf",
          headers: [
            ["Cookie", "a=1"],
            ["Cookie", `b=2; ${cookie(real)}`],
            ["Cookie", "c=3"],
          ],
        }),
      ),
    );
    expect(request.headers[IDENTITY_HEADER]?.[0].value).toBe(TEST_SUB);
  });

  it.each([
    ["a cookie whose name only contains the session cookie's", `x${COOKIE_NAME}=1`],
    ["a cookie whose name differs in case", `${COOKIE_NAME.toLowerCase()}=1`],
    ["a nameless cookie", COOKIE_NAME],
    ["a cookie of another CloudFront-looking name", "CloudFront-Theme=dark"],
  ])("passes a session cookie beside %s", async (_, other) => {
    passed(
      await handle(
        viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(real, other)] }),
      ),
    );
  });

  it("sends a request without a session cookie but with an Authorization header to login, as before", async () => {
    const response = answered(
      await handle(
        viewerRequestEvent({
          uri: "/docs/a.pdf",
          headers: [...FETCH, ["Authorization", "Bearer x"]],
        }),
      ),
    );
    expect(response.status).toBe("401");
  });
});
