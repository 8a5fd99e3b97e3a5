// The pipeline's own decisions, called directly: what a viewer-request
// function's invocation turns into, CloudFront's stamps and 304s, which
// behaviour serves a path, and how cookies, headers and query strings are
// read on the way (a CloudFront Function's event included).
import { functionEvent } from "../../../local/edge/cloudfront-function";
import { notModified, stampedHeaders } from "../../../local/edge/cloudfront-responses";
import type { EdgeRequest } from "../../../local/edge/function-result";
import { cookiePairs, joinedHeaders } from "../../../local/edge/http-fields";
import { behaviourFor } from "../../../local/edge/path-pattern";
import { decodeQueryComponent, queryParts } from "../../../local/edge/query-string";
import { viewerRequestEvent, viewerRequestOutcome } from "../../../local/edge/viewer-request-step";

const request = (): EdgeRequest => ({
  clientIp: "127.0.0.1",
  method: "GET",
  uri: "/a",
  querystring: "x=1&y=a=b",
  headers: {
    host: [{ key: "Host", value: "127.0.0.1:1" }],
    cookie: [{ key: "Cookie", value: "s=1; t=2=3" }],
  },
});

describe("the viewer-request step's outcome", () => {
  test("a time-out and a throw are 503; an invalid result is 502", () => {
    const timeout = viewerRequestOutcome(request(), { outcome: "timeout" });
    expect(timeout).toMatchObject({ label: "timeout", response: { status: 503 } });
    const thrown = viewerRequestOutcome(request(), {
      outcome: "error",
      error: "Error: boom\n  at",
    });
    expect(thrown).toMatchObject({
      label: "error",
      detail: "Error: boom",
      response: { status: 503 },
    });
    const invalid = viewerRequestOutcome(request(), { outcome: "returned", result: "nonsense" });
    expect(invalid).toMatchObject({ label: "invalid-response", response: { status: 502 } });
  });

  test("a generated response is sent with lower-case header names; a request goes on", () => {
    const responded = viewerRequestOutcome(request(), {
      outcome: "returned",
      result: { status: "401", headers: { "x-why": [{ key: "X-Why", value: "no" }] } },
    });
    expect(responded).toMatchObject({
      label: "responded",
      response: { status: 401, headers: [["x-why", "no"]] },
    });
    const passed = viewerRequestOutcome(request(), { outcome: "returned", result: request() });
    expect(passed).toEqual({ label: "passed", request: request() });
  });
});

describe("what CloudFront adds", () => {
  test("its own Via, POP and request id replace any an origin sent", () => {
    const headers = stampedHeaders(
      [
        ["x-amz-cf-id", "forged"],
        ["etag", '"e"'],
      ],
      "REQ",
    );
    expect(headers.filter(([n]) => n === "x-amz-cf-id")).toEqual([["x-amz-cf-id", "REQ"]]);
    expect(headers).toContainEqual(["etag", '"e"']);
  });

  test("a 200 whose ETag matches If-None-Match becomes 304 without a body", () => {
    const ok = {
      status: 200,
      headers: [
        ["etag", '"e"'],
        ["content-length", "3"],
      ] as [string, string][],
      body: Buffer.from("abc"),
    };
    const viewer = (value: string) => new Map([["if-none-match", value]]);
    expect(notModified(ok, viewer('"x", "e"'))).toMatchObject({
      status: 304,
      body: Buffer.alloc(0),
    });
    expect(notModified(ok, viewer('"x"'))).toBe(ok);
    expect(notModified({ ...ok, status: 403 }, viewer('"e"')).status).toBe(403);
  });
});

test("the first ordered behaviour matching a path serves it, else the default", () => {
  const behaviours = [{ pathPattern: "/a/*" }, { pathPattern: "/a/b/*" }, { pathPattern: null }];
  expect(behaviourFor(behaviours, "/a/b/c")).toBe(behaviours[0]);
  expect(behaviourFor(behaviours, "/b")).toBe(behaviours[2]);
});

describe("cookies, headers and query strings", () => {
  test("cookies split at the first '=', across Cookie headers", () => {
    expect(cookiePairs(["s=1; t=2=3", " u ;"])).toEqual([
      ["s", "1"],
      ["t", "2=3"],
      ["u", ""],
    ]);
  });

  test("a repeated header is one value joined with ',', under its lower-case name", () => {
    const joined = joinedHeaders([
      ["Accept", "a"],
      ["accept", "b"],
    ]);
    expect([...joined]).toEqual([["accept", "a,b"]]);
  });

  test("query parts split at the first '='; a malformed escape is kept as sent", () => {
    expect(queryParts("a=1&&b=c=d&e")).toEqual([
      ["a", "1"],
      ["b", "c=d"],
      ["e", ""],
    ]);
    expect(decodeQueryComponent("a+b%2Fc")).toBe("a b/c");
    expect(decodeQueryComponent("%zz")).toBe("%zz");
  });

  test("a CloudFront Function gets the request's cookies and query string as value maps", () => {
    const event = functionEvent(
      viewerRequestEvent(request(), { host: "127.0.0.1:1", requestId: "REQ" }) as Record<
        string,
        unknown
      >,
    );
    expect(event).toMatchObject({
      context: { eventType: "viewer-request", requestId: "REQ" },
      request: {
        uri: "/a",
        querystring: { x: { value: "1" }, y: { value: "a=b" } },
        cookies: { s: { value: "1" }, t: { value: "2=3" } },
        headers: { host: { value: "127.0.0.1:1" } },
      },
    });
  });
});
