// The token may come from one configured query parameter (for <img src>
// links); it is then removed, and every other parameter reaches the origin
// byte for byte.
import { REALM, startHarness, type Harness } from "../../support/bearer-jwt-harness";
import { TEST_SUB } from "../../support/jwt-fixtures";
import { answered, bearer, header, passed, viewerRequestEvent } from "../../support/viewer-request";

const OWN_FILE = `/users/${TEST_SUB}/photo.jpg`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const enabled = () => h.handlerWith({ tokenQueryParameter: "access_token" });

it("accepts a token from the query parameter when enabled, and removes only that parameter", async () => {
  const token = h.token();
  const querystring = `size=large&tag=a%7Eb+c&access_token=${token}&empty=&flag&x=%2F`;
  const request = passed(await enabled()(viewerRequestEvent({ uri: OWN_FILE, querystring })));
  expect(request.querystring).toBe("size=large&tag=a%7Eb+c&empty=&flag&x=%2F");
  expect(request.headers["x-auth-sub"]).toEqual([{ key: "X-Auth-Sub", value: TEST_SUB }]);
});

it("accepts a query token whose parameter name is percent-encoded", async () => {
  const token = h.token();
  const querystring = `a=1&access%5Ftoken=${token}`;
  const request = passed(await enabled()(viewerRequestEvent({ uri: OWN_FILE, querystring })));
  expect(request.querystring).toBe("a=1");
});

it("leaves an empty query string when the token was the only parameter", async () => {
  const querystring = `access_token=${h.token()}`;
  const request = passed(await enabled()(viewerRequestEvent({ uri: OWN_FILE, querystring })));
  expect(request.querystring).toBe("");
});

it("ignores the query parameter when query tokens are disabled", async () => {
  const querystring = `access_token=${h.token()}`;
  const response = answered(await h.handle(viewerRequestEvent({ uri: OWN_FILE, querystring })));
  expect(response.status).toBe("401");
  expect(header(response, "www-authenticate")).toBe(`Bearer realm="${REALM}"`);
});

it("leaves a same-named parameter alone when query tokens are disabled", async () => {
  const token = h.token();
  const querystring = `access_token=not-mine&b=2`;
  const event = viewerRequestEvent({ uri: OWN_FILE, querystring, headers: [bearer(token)] });
  expect(passed(await h.handle(event)).querystring).toBe(querystring);
});

it("denies a repeated token query parameter as an invalid request", async () => {
  const token = h.token();
  const querystring = `access_token=${token}&access_token=${token}`;
  const response = answered(await enabled()(viewerRequestEvent({ uri: OWN_FILE, querystring })));
  expect(response.status).toBe("400");
  expect(header(response, "www-authenticate")).toBe(
    `Bearer realm="${REALM}", error="invalid_request"`,
  );
});

it("denies an invalid token in the query parameter", async () => {
  for (const value of ["", "abc", "%ff", "a%20b"]) {
    const event = viewerRequestEvent({ uri: OWN_FILE, querystring: `access_token=${value}` });
    const response = answered(await enabled()(event));
    expect(response.status).toBe("401");
    expect(header(response, "www-authenticate")).toContain('error="invalid_token"');
  }
});

it("uses the query token when the Authorization header carries another scheme", async () => {
  const querystring = `access_token=${h.token()}`;
  const event = viewerRequestEvent({
    uri: OWN_FILE,
    querystring,
    headers: [["Authorization", "Basic YWxpY2U6c2VjcmV0"]],
  });
  const request = passed(await enabled()(event));
  expect(request.headers.authorization).toBeUndefined();
  expect(request.querystring).toBe("");
});

it("strips the token parameter from public requests too, without judging it", async () => {
  const event = viewerRequestEvent({ uri: "/public/a.css", querystring: "v=3&access_token=junk" });
  expect(passed(await enabled()(event)).querystring).toBe("v=3");
});
