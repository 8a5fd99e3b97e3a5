// A request that reached the cookie issuer without passing CloudFront is
// refused with a clear 403 before anything else happens (no cookie, no
// signing-key read); through CloudFront, the viewer's bearer token arrives
// in x-gate-viewer-authorization and CloudFront's origin signature (SigV4 in
// Authorization) is never taken for a viewer's credential.
import { handler } from "../../../functions/cookie-issuer/handler";
import { readIssuerRequest } from "../../../functions/cookie-issuer/http";
import {
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  issuerEvent,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import { withUnreachableConfigParameter } from "../../support/unreachable-config-parameter";
import { directEvent, ORIGIN_SIGNATURE } from "../../support/session-manager-harness";
import type { ApiResult } from "../../../functions/cookie-issuer/handler";

let h: IssuerHarness;
beforeAll(async () => {
  h = await startIssuerHarness(generateCloudFrontKey("ec"));
});
afterAll(() => h.close());

function expectRefused(result: ApiResult): void {
  expect(result.statusCode).toBe(403);
  expect(result.headers?.["content-type"]).toBe("application/json");
  expect(result.headers?.["cache-control"]).toBe("no-store");
  expect(bodyOf(result)).toEqual({ error: "cloudfront_only" });
  expect(result.cookies ?? []).toEqual([]);
}

describe("a request that skipped CloudFront", () => {
  it.each([
    ["GET", "/_auth/login?path=/a.pdf"],
    ["GET", "/_auth/cookies"],
    ["POST", "/_auth/cookies"],
    ["GET", "/_auth/url?key=/shared/a.pdf"],
    ["GET", "/_auth/refused"],
    ["GET", "/_auth/logout"],
  ])("%s %s is refused with 403 cloudfront_only, a valid token or not", async (method, target) => {
    const event = directEvent(method, target);
    const withToken = { ...event, headers: { ...event.headers, ...bearerHeaders(h.token()) } };
    expectRefused(await h.handler()(withToken));
  });

  it("reads no signing key", async () => {
    const handle = h.handler();
    const reads = h.secrets.reads();
    await handle(directEvent("GET", "/_auth/cookies"));
    expect(h.secrets.reads()).toBe(reads);
  });

  it("is refused by the deployed handler before any config is read", async () => {
    await withUnreachableConfigParameter(async () => {
      expectRefused(await handler(directEvent("GET", "/_auth/cookies")));
      expectRefused(await handler(null));
    });
  });
});

describe("through CloudFront", () => {
  it("issues cookies for the bearer token the CloudFront Function forwarded", async () => {
    const result = await h.handler()(
      issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token()) }),
    );
    expect(result.statusCode).toBe(200);
  });

  it("never takes CloudFront's origin signature for the viewer's credential", () => {
    const request = readIssuerRequest(issuerEvent("GET", "/_auth/cookies"));
    expect(request?.headers.authorization).toBeUndefined();
    const forwarded = readIssuerRequest(
      issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders("abc") }),
    );
    expect(forwarded?.headers.authorization).toBe("Bearer abc");
    expect(forwarded?.headers["x-gate-viewer-authorization"]).toBeUndefined();
    expect(ORIGIN_SIGNATURE).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it("answers a browser without a bearer token as it always did, not as a bad credential", async () => {
    const result = await h.handler()(issuerEvent("GET", "/_auth/cookies"));
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result).error).toBe("unauthorized");
  });
});
