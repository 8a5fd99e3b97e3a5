// The header edits of a viewer request: what they take and remove, and that
// the request's map is replaced rather than edited (no `delete`), with every
// other header kept in order, a `__proto__` header included.
import {
  removeHeader,
  setHeader,
  takeHeaders,
  type CloudFrontHeaders,
} from "../../../functions/shared/cloudfront-event";

/** A header map as JSON.parse hands it over, so `__proto__` is an own key. */
const parsedHeaders = (json: string): CloudFrontHeaders => JSON.parse(json) as CloudFrontHeaders;

const owner = () => ({
  headers: parsedHeaders(
    JSON.stringify({
      host: [{ key: "Host", value: "d111111abcdef8.cloudfront.net" }],
      authorization: [{ key: "Authorization", value: "Bearer a" }],
      "x-gate-sub": [{ key: "X-Gate-Sub", value: "forged" }],
      accept: [
        { key: "Accept", value: "image/*" },
        { key: "authorization", value: "Bearer hidden" },
      ],
      origin: [{ key: "Origin", value: "https://app.example.com" }],
    }),
  ),
});

describe("takeHeaders", () => {
  it("takes every copy of one header, drops another, reads a third, and keeps the rest in order", () => {
    const request = owner();
    const before = request.headers;
    const result = takeHeaders(request, "authorization", "x-gate-sub", "origin");
    expect(result).toEqual({
      taken: ["Bearer a", "Bearer hidden"],
      read: "https://app.example.com",
    });
    expect(request.headers).not.toBe(before);
    expect(Object.keys(request.headers)).toEqual(["host", "accept", "origin"]);
    expect(request.headers.accept).toEqual([{ key: "Accept", value: "image/*" }]);
    // The lists that lost nothing are the same lists; the old map is untouched.
    expect(request.headers.host).toBe(before.host);
    expect(Object.keys(before)).toHaveLength(5);
  });

  it("leaves the map itself in place when nothing is removed", () => {
    const request = owner();
    const before = request.headers;
    expect(takeHeaders(request, "cookie", "x-other", "origin").taken).toEqual([]);
    expect(request.headers).toBe(before);
  });

  it("keeps a header named __proto__ as an own header, never as the map's prototype", () => {
    const request = {
      headers: parsedHeaders(
        '{"authorization":[{"key":"Authorization","value":"Bearer a"}],"__proto__":[{"key":"__proto__","value":"x"}],"accept":[{"key":"Accept","value":"*/*"}]}',
      ),
    };
    takeHeaders(request, "authorization", "authorization", null);
    expect(Object.keys(request.headers)).toEqual(["__proto__", "accept"]);
    expect(Object.getPrototypeOf(request.headers)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(request.headers))).toEqual(
      parsedHeaders(
        '{"__proto__":[{"key":"__proto__","value":"x"}],"accept":[{"key":"Accept","value":"*/*"}]}',
      ),
    );
  });
});

describe("removeHeader and setHeader", () => {
  it("remove every copy however it is spelt, and set exactly one", () => {
    const request = owner();
    removeHeader(request, "authorization");
    expect(JSON.stringify(request.headers)).not.toMatch(/Bearer/);
    setHeader(request, "x-gate-sub", "7d3a9f2e");
    expect(request.headers["x-gate-sub"]).toEqual([{ key: "X-Gate-Sub", value: "7d3a9f2e" }]);
    expect(Object.keys(request.headers)).toEqual(["host", "accept", "origin", "x-gate-sub"]);
  });
});
