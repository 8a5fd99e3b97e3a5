// The path rules in session-cookie mode: a valid session opens only what the
// rules give its user (own folder, group folders), public paths need no
// session, and a session without access gets 403 (a page for a browser,
// JSON for a program), never a login redirect, which would loop. The groups
// are those the session manager recorded at login, read with the session.
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import type { PathRules } from "../../../functions/shared/path-rules";
import {
  APP_ORIGIN,
  IDENTITY_HEADER,
  sessionCookie,
  startSessionHarness,
  TEST_SUB,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { invalidPathCases, otherFolderCases, ownFolderCases } from "../../support/path-rule-cases";
import {
  answered,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
  type Result,
} from "../../support/viewer-request";

const OTHER_SUB = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";

const RULES: PathRules = {
  publicPrefixes: ["/public/", "/index.html"],
  groupPrefixes: [
    { group: "staff", prefix: "/staff/" },
    { group: "finance", prefix: "/reports/finance.pdf" },
  ],
  userPrefixes: ["/users/{sub}/"],
};

const NAVIGATE: [string, string][] = [
  ["Sec-Fetch-Mode", "navigate"],
  ["Accept", "text/html"],
];

let h: SessionHarness;
let handle: ViewerRequestHandler;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  handle = h.handlerWith({ rules: RULES });
});

/** A session of `sub` in `groups`, as the session manager writes it at login. */
const sessionOf = (sub: string, groups: string[] = []) => h.putSession({ sub, groups });

async function get(uri: string, id: string | null, headers: [string, string][] = []) {
  const cookies: [string, string][] = id === null ? [] : [sessionCookie(id)];
  return handle(viewerRequestEvent({ uri, headers: [...cookies, ...headers] }));
}

/** 403 JSON for a program: no login redirect, and the (valid) session cookie is kept. */
function expectForbidden(result: Result): void {
  const response = answered(result);
  expect(response.status).toBe("403");
  expect(jsonBody(response)).toEqual({ error: "forbidden" });
  expect(header(response, "content-type")).toBe("application/json");
  expect(header(response, "cache-control")).toBe("no-store");
  expect(header(response, "location")).toBeUndefined();
  expect(header(response, "set-cookie")).toBeUndefined();
}

describe("user folders", () => {
  it("lets a user into their own folder, naming them to the origin", async () => {
    const id = await sessionOf(TEST_SUB);
    const request = passed(await get(`/users/${TEST_SUB}/notes.txt`, id));
    expect(request.headers[IDENTITY_HEADER]).toEqual([{ key: "X-Auth-Sub", value: TEST_SUB }]);
  });

  it("refuses another user's folder with 403, not a login", async () => {
    const id = await sessionOf(TEST_SUB);
    expectForbidden(await get(`/users/${OTHER_SUB}/notes.txt`, id));
  });

  it("still sends a request without a session to login, whatever folder it asks for", async () => {
    expect(answered(await get(`/users/${OTHER_SUB}/notes.txt`, null)).status).toBe("401");
  });

  it("never lets a sub that is not one plain segment match a user folder", async () => {
    for (const sub of [`${OTHER_SUB}/x`, "..", "a..b", "."]) {
      const id = await sessionOf(sub);
      expectForbidden(await get(`/users/${OTHER_SUB}/x/a.txt`, id));
      expectForbidden(await get("/users/a.txt", id));
    }
  });
});

describe("group folders", () => {
  it("lets members of a group into its folder", async () => {
    const id = await sessionOf(TEST_SUB, ["staff"]);
    passed(await get("/staff/handbook.pdf", id));
    passed(await get("/staff/", id));
  });

  it("refuses the folder to a session without the group", async () => {
    for (const groups of [[], ["finance"], ["Staff"], ["staff-x"], ["staf"]]) {
      const id = await sessionOf(TEST_SUB, groups);
      expectForbidden(await get("/staff/handbook.pdf", id));
    }
  });

  it("matches an exact-path group rule on that path only", async () => {
    const id = await sessionOf(TEST_SUB, ["finance"]);
    passed(await get("/reports/finance.pdf", id));
    expectForbidden(await get("/reports/finance.pdf/x", id));
    expectForbidden(await get("/reports/other.pdf", id));
  });

  it("gives a member of several groups each group's folder and their own", async () => {
    const id = await sessionOf(TEST_SUB, ["finance", "staff"]);
    passed(await get("/staff/a", id));
    passed(await get("/reports/finance.pdf", id));
    passed(await get(`/users/${TEST_SUB}/a`, id));
    expectForbidden(await get(`/users/${OTHER_SUB}/a`, id));
  });

  it("refuses paths no rule covers to every session", async () => {
    const id = await sessionOf(TEST_SUB, ["staff", "finance"]);
    for (const uri of ["/", "/docs/a.pdf", "/reports/", "/staff"]) {
      expectForbidden(await get(uri, id));
    }
  });
});

describe("public paths", () => {
  it("passes them without a session and without a look-up", async () => {
    const before = h.proxy.requests();
    for (const uri of ["/public/a.css", "/index.html"]) {
      const request = passed(await get(uri, null));
      expect(request.headers[IDENTITY_HEADER]).toBeUndefined();
    }
    expect(h.proxy.requests()).toBe(before);
  });
});

describe("the 403", () => {
  it("is a small HTML page for a browser navigation, not a redirect", async () => {
    const id = await sessionOf(TEST_SUB);
    const response = answered(await get(`/users/${OTHER_SUB}/a.pdf`, id, NAVIGATE));
    expect(response.status).toBe("403");
    expect(header(response, "content-type")).toBe("text/html; charset=utf-8");
    expect(header(response, "cache-control")).toBe("no-store");
    expect(header(response, "location")).toBeUndefined();
    expect(header(response, "set-cookie")).toBeUndefined();
    expect(response.body).toMatch(/^<!doctype html>.*<h1>Access denied<\/h1>/s);
    expect((response.body ?? "").length).toBeLessThan(1000);
  });

  it("is JSON for a program, readable by an allowed origin", async () => {
    const id = await sessionOf(TEST_SUB);
    const result = await get(`/users/${OTHER_SUB}/a.pdf`, id, [
      ["Origin", APP_ORIGIN],
      ["Sec-Fetch-Mode", "cors"],
    ]);
    expectForbidden(result);
    expect(header(answered(result), "access-control-allow-origin")).toBe(APP_ORIGIN);
  });
});

describe("the path tricks every gate answers alike (support/path-rule-cases.ts)", () => {
  let id: string;
  beforeAll(async () => {
    id = await sessionOf(TEST_SUB);
  });

  it.each(ownFolderCases(TEST_SUB))(
    "lets a user into their own folder as %s",
    async (uri, sent) => {
      expect(passed(await get(uri, id)).uri).toBe(sent);
    },
  );

  it.each(otherFolderCases(TEST_SUB, OTHER_SUB))("refuses %s with 403", async (_, uri) => {
    expectForbidden(await get(uri, id));
  });

  it.each(invalidPathCases(TEST_SUB, OTHER_SUB))("refuses %s with 400", async (_, uri) => {
    const response = answered(await get(uri, id));
    expect(response.status).toBe("400");
    expect(jsonBody(response)).toEqual({ error: "invalid_path" });
  });
});

describe("the session's groups, as read from the table", () => {
  let items = 0;
  it.each([
    ["a string instead of a list", { S: "staff" }],
    ["a list holding a number", { L: [{ N: "1" }] }],
    ["a list holding an empty name", { L: [{ S: "" }] }],
    ["a list holding a control character", { L: [{ S: "staff\n" }] }],
    ["a string set", { SS: ["staff"] }],
  ])("deny a session whose groups are %s, like a missing session", async (_, groups) => {
    items += 1;
    const id = "G".repeat(41) + String(10 + items);
    const nowSeconds = Math.floor(h.clock.now / 1000);
    await h.putRawItem(id, {
      sub: { S: TEST_SUB },
      groups,
      expiresAt: { N: String(nowSeconds + 3600) },
      lastSeenAt: { N: String(nowSeconds) },
    });
    const response = answered(await get("/staff/a.pdf", id));
    expect(response.status).toBe("401");
    expect(jsonBody(response)).toEqual({ error: "login_required" });
  });
});

describe("the rules in config.json, checked at cold start", () => {
  beforeEach(() => {
    jest.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each<[string, unknown]>([
    ["missing", undefined],
    ["public '/' (everything public)", { ...RULES, publicPrefixes: ["/"] }],
    ["a public prefix with ..", { ...RULES, publicPrefixes: ["/a/../"] }],
    ["a group rule without a group", { ...RULES, groupPrefixes: [{ prefix: "/g/" }] }],
    ["a user template without {sub}", { ...RULES, userPrefixes: ["/users/"] }],
    ["a user template with {sub} inside a segment", { ...RULES, userPrefixes: ["/u-{sub}/"] }],
    ["userPrefixes missing", { publicPrefixes: [], groupPrefixes: [] }],
  ])("answers every request with 503 when the rules are %s", async (_, rules) => {
    const broken = h.handlerWith({ rules: rules as PathRules });
    const id = await sessionOf(TEST_SUB, ["staff"]);
    for (const [uri, session] of [
      ["/public/a.css", null],
      [`/users/${TEST_SUB}/a`, id],
      ["/staff/a", id],
    ] as const) {
      const response = answered(
        await broken(viewerRequestEvent({ uri, headers: session ? [sessionCookie(session)] : [] })),
      );
      expect(response.status).toBe("503");
    }
  });
});
