// A token verified once on a warm instance is not verified again, but its
// expiry still holds: the cache never extends a token's life.
import { startHarness, type Harness } from "../../support/bearer-jwt-harness";
import { nowSeconds, TEST_SUB } from "../../support/jwt-fixtures";
import { answered, bearer, passed, viewerRequestEvent } from "../../support/viewer-request";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => jest.restoreAllMocks());

const ownFile = (token: string) =>
  viewerRequestEvent({ uri: `/users/${TEST_SUB}/a.txt`, headers: [bearer(token)] });

it("denies a once-verified token after it expires", async () => {
  const handle = h.handlerWith({});
  const exp = nowSeconds() + 120;
  const token = h.token({ exp });
  passed(await handle(ownFile(token)));
  passed(await handle(ownFile(token)));
  // Past exp and the 30 s clock skew.
  jest.spyOn(Date, "now").mockReturnValue((exp + 31) * 1000);
  const result = answered(await handle(ownFile(token)));
  expect(result.status).toBe("401");
  expect(result.headers?.["www-authenticate"]?.[0].value).toContain('error="invalid_token"');
});

it("still applies the path rules to a cached token", async () => {
  const handle = h.handlerWith({});
  const token = h.token();
  passed(await handle(ownFile(token)));
  const other = viewerRequestEvent({ uri: "/users/someone-else/a.txt", headers: [bearer(token)] });
  expect(answered(await handle(other)).status).toBe("403");
});
