// The CloudFront Function of signed-cookie mode, run as written: a viewer's
// Authorization survives the origin signature in a header of its own,
// and a viewer cannot plant that header itself.
import { forwardAuthorizationCode } from "../../stacks/identity-api";
import { FORWARDED_AUTHORIZATION_HEADER } from "../../functions/shared/origin-request";
import { isDisallowedHeader } from "../../local/edge/edge-headers";

type Headers = Record<string, { value: string }>;
// cloudfront-js-2.0 code is a plain `function handler(event)`: evaluate it as such.
const handler = new Function(
  `${forwardAuthorizationCode(FORWARDED_AUTHORIZATION_HEADER)}; return handler;`,
)() as (event: { request: { headers: Headers } }) => { headers: Headers };

describe("forward-authorization CloudFront Function", () => {
  it("adds a header CloudFront lets a function add (X-Edge-*, X-Amz-Cf-* and the like are refused with a 502)", () => {
    expect(isDisallowedHeader(FORWARDED_AUTHORIZATION_HEADER)).toBe(false);
  });

  it("copies the viewer's Authorization", () => {
    const request = handler({ request: { headers: { authorization: { value: "Bearer t" } } } });
    expect(request.headers[FORWARDED_AUTHORIZATION_HEADER]).toEqual({ value: "Bearer t" });
  });

  it("drops a forwarded header the viewer sent itself", () => {
    const planted = { [FORWARDED_AUTHORIZATION_HEADER]: { value: "Bearer forged" } };
    expect(handler({ request: { headers: { ...planted } } }).headers).toEqual({});
    const both = handler({
      request: { headers: { ...planted, authorization: { value: "Bearer real" } } },
    });
    expect(both.headers[FORWARDED_AUTHORIZATION_HEADER]).toEqual({ value: "Bearer real" });
  });
});
