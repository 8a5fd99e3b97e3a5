// Path rules through the whole handler: the path is normalized once, rules
// see only the canonical form, and the origin receives exactly that form.
import { createHandler } from "../../../functions/bearer-jwt/handler";
import { REALM, startHarness, type Harness } from "../../support/bearer-jwt-harness";
import { OTHER_SUB, TEST_SUB } from "../../support/jwt-fixtures";
import { invalidPathCases, otherFolderCases, ownFolderCases } from "../../support/path-rule-cases";
import {
  answered,
  bearer,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
  type Result,
} from "../../support/viewer-request";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const get = (uri: string, token: string | null = h.token()) =>
  h.handle(viewerRequestEvent({ uri, headers: token === null ? [] : [bearer(token)] }));

function expectForbidden(result: Result): void {
  const response = answered(result);
  expect(response.status).toBe("403");
  expect(header(response, "www-authenticate")).toBe(
    `Bearer realm="${REALM}", error="insufficient_scope"`,
  );
  expect(jsonBody(response)).toEqual({ error: "forbidden" });
}

function expectInvalidPath(result: Result): void {
  const response = answered(result);
  expect(response.status).toBe("400");
  expect(jsonBody(response)).toEqual({ error: "invalid_path" });
}

it("allows a user into their own folder", async () => {
  passed(await get(`/users/${TEST_SUB}/notes/2024.txt`));
  passed(await get(`/users/${TEST_SUB}/`));
});

it("denies a user another user's folder with 403", async () => {
  expectForbidden(await get(`/users/${OTHER_SUB}/notes/2024.txt`));
});

it("denies the users folder itself, which no template names", async () => {
  expectForbidden(await get(`/users/`));
  expectForbidden(await get(`/users/${TEST_SUB}`));
});

it("allows members of a group into the group's folder", async () => {
  passed(await get("/shared/handbook.pdf", h.token({ "cognito:groups": ["readers"] })));
});

it("denies non-members a group's folder", async () => {
  expectForbidden(await get("/admin/settings.json", h.token({ "cognito:groups": ["readers"] })));
  expectForbidden(await get("/shared/handbook.pdf", h.token({ "cognito:groups": undefined })));
  expectForbidden(await get("/shared/handbook.pdf", h.token({ "cognito:groups": "readers" })));
});

it("denies paths that no rule covers, even with a valid token", async () => {
  expectForbidden(await get("/private/report.pdf"));
  expectForbidden(await get("/"));
});

it("passes public folders without a token, and without an identity header", async () => {
  const request = passed(await get("/public/logo.svg", null));
  expect(request.headers["x-auth-sub"]).toBeUndefined();
});

it("matches a public prefix without a trailing slash as one exact path", async () => {
  passed(await get("/index.html", null));
  expect(answered(await get("/index.html.bak", null)).status).toBe("401");
  expect(answered(await get("/index.html/x", null)).status).toBe("401");
});

it("ignores an invalid token on a public path", async () => {
  const request = passed(await get("/public/logo.svg", "garbage.token.here"));
  expect(request.headers.authorization).toBeUndefined();
  expect(request.headers["x-auth-sub"]).toBeUndefined();
});

it("resolves .. before matching: climbing into another user's folder is forbidden", async () => {
  const result = await get(`/users/${TEST_SUB}/../${OTHER_SUB}/x`);
  expectForbidden(result);
});

it("resolves encoded dot segments (%2e%2e) like plain ones", async () => {
  expectForbidden(await get(`/users/${TEST_SUB}/%2e%2e/${OTHER_SUB}/x`));
  expect(answered(await get(`/public/%2E%2E/users/${OTHER_SUB}/x`, null)).status).toBe("401");
  const request = passed(await get(`/users/${TEST_SUB}/a/%2e%2e/b.txt`));
  expect(request.uri).toBe(`/users/${TEST_SUB}/b.txt`);
});

it("refuses encoded slashes and backslashes", async () => {
  expectInvalidPath(await get(`/users/${TEST_SUB}%2F..%2F${OTHER_SUB}/x`));
  expectInvalidPath(await get(`/users/${TEST_SUB}/..%2f${OTHER_SUB}/x`));
  expectInvalidPath(await get(`/users/${TEST_SUB}/..%5C${OTHER_SUB}/x`));
  expectInvalidPath(await get(`/users/${TEST_SUB}/..\\${OTHER_SUB}/x`));
});

it("collapses duplicate slashes before matching and in the forwarded uri", async () => {
  const request = passed(await get(`//users///${TEST_SUB}//a.txt`));
  expect(request.uri).toBe(`/users/${TEST_SUB}/a.txt`);
  passed(await get("//public//x.css", null));
});

it("refuses double encoding such as %252e%252e", async () => {
  expectInvalidPath(await get(`/users/${TEST_SUB}/%252e%252e/${OTHER_SUB}/x`));
  expectInvalidPath(await get(`/public/%252F`, null));
});

it("refuses invalid UTF-8 in the path", async () => {
  expectInvalidPath(await get(`/users/${TEST_SUB}/%ff.txt`));
  expectInvalidPath(await get(`/users/${TEST_SUB}/%c0%ae%c0%ae/x`)); // overlong "."
  expectInvalidPath(await get(`/users/${TEST_SUB}/%zz`));
});

it("refuses NUL and control characters, encoded or raw", async () => {
  expectInvalidPath(await get(`/users/${TEST_SUB}/a%00.txt`));
  expectInvalidPath(await get(`/users/${TEST_SUB}/a%0d%0a.txt`));
  expectInvalidPath(await get(`/users/${TEST_SUB}/a\u0001.txt`));
});

it("refuses a path that climbs above the root", async () => {
  expectInvalidPath(await get("/.."));
  expectInvalidPath(await get("/public/../../etc/passwd", null));
  expectInvalidPath(await get("/%2e%2e/public/x", null));
});

it("refuses a uri that does not start with a slash", async () => {
  expectInvalidPath(await get("public/x.css", null));
  expectInvalidPath(await get("", null));
});

it("never lets a sub containing / or .. match a user rule", async () => {
  const handle = createHandler({ ...h.config, rules: { ...h.config.rules, groupPrefixes: [] } });
  const cases: [string, string][] = [
    [`${OTHER_SUB}/x`, `/users/${OTHER_SUB}/x/a.txt`],
    ["..", `/users/../a.txt`],
    ["a..b", `/users/a..b/a.txt`],
    [".", `/users/./a.txt`],
    ["a%2Fb", `/users/a%252Fb/a.txt`],
    ["a\\b", `/users/a/a.txt`],
  ];
  for (const [sub, uri] of cases) {
    const result = await handle(viewerRequestEvent({ uri, headers: [bearer(h.token({ sub }))] }));
    expect(answered(result).status).toMatch(/^40[03]$/);
  }
  // The same token still reaches paths that do not depend on its sub.
  const groupHandle = h.handle;
  const token = h.token({ sub: `${OTHER_SUB}/x` });
  passed(await groupHandle(viewerRequestEvent({ uri: "/shared/a", headers: [bearer(token)] })));
});

it("forwards the normalized path re-encoded, so the origin fetches what was checked", async () => {
  const request = passed(await get(`/users/${TEST_SUB}/./caf%C3%A9%20menu+v2.pdf`));
  expect(request.uri).toBe(`/users/${TEST_SUB}/caf%C3%A9%20menu%2Bv2.pdf`);
  const folder = passed(await get(`/users/${TEST_SUB}/sub/..`));
  expect(folder.uri).toBe(`/users/${TEST_SUB}/`);
});

describe("the path tricks every gate answers alike (support/path-rule-cases.ts)", () => {
  it.each(ownFolderCases(TEST_SUB))(
    "lets a user into their own folder as %s",
    async (uri, sent) => {
      expect(passed(await get(uri)).uri).toBe(sent);
    },
  );

  it.each(otherFolderCases(TEST_SUB, OTHER_SUB))("refuses %s with 403", async (_, uri) => {
    expectForbidden(await get(uri));
  });

  it.each(invalidPathCases(TEST_SUB, OTHER_SUB))("refuses %s with 400", async (_, uri) => {
    expectInvalidPath(await get(uri));
  });
});
