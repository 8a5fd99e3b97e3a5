// The local edge's decisions, called directly: what a viewer-request function
// may return, the shared cache's key and lifetimes, and which signed
// credentials CloudFront judges.
import { generateKeyPairSync } from "node:crypto";
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import {
  cacheKey,
  normalizedAcceptEncoding,
  responseTtl,
  successTtl,
} from "../../../local/edge/cache";
import { judgeFunctionResult, type EdgeRequest } from "../../../local/edge/function-result";
import { MANAGED_CACHE_POLICIES } from "../../../local/edge/policies";
import { judgeSignedAccess, keyGroupOf } from "../../../local/edge/signed-access";

const OPTIMIZED = MANAGED_CACHE_POLICIES["658327ea-f89d-4fab-a63d-7e88639e58f6"];
const DISABLED = MANAGED_CACHE_POLICIES["4135ea2d-6df8-44a3-9df3-4b5a84be39ad"];

const request = (): EdgeRequest => ({
  clientIp: "127.0.0.1",
  method: "GET",
  uri: "/a",
  querystring: "",
  headers: {
    host: [{ key: "Host", value: "127.0.0.1:1" }],
    authorization: [{ key: "Authorization", value: "Bearer x" }],
  },
});

describe("what a viewer-request function may return", () => {
  test("the request, with credentials removed and a header of its own added", () => {
    const r = request();
    delete (r.headers as Record<string, unknown>).authorization;
    r.headers["x-gate-sub"] = [{ key: "X-Gate-Sub", value: "abc" }];
    expect(judgeFunctionResult(request(), r).kind).toBe("pass");
  });

  test.each([
    ["x-amz-cf-id", "forged"],
    ["x-edge-location", "x"],
    ["connection", "close"],
    ["via", "1.1 me"],
    ["host", "elsewhere.example"],
  ])("setting %s is invalid", (name, value) => {
    const r = request();
    r.headers[name] = [{ key: name, value }];
    expect(judgeFunctionResult(request(), r).kind).toBe("invalid");
  });

  test("a generated response up to 40 KB (headers and body) is sent; larger is invalid", () => {
    const response = (size: number) => ({ status: "200", body: "x".repeat(size) });
    expect(judgeFunctionResult(request(), response(40 * 1024)).kind).toBe("respond");
    expect(judgeFunctionResult(request(), response(40 * 1024 + 1)).kind).toBe("invalid");
  });

  test("anything else is invalid", () => {
    for (const result of [
      null,
      "x",
      { status: "99" },
      { uri: "no-slash" },
      { status: 200, bodyEncoding: "base64", body: "%%" },
    ]) {
      expect(judgeFunctionResult(request(), result).kind).toBe("invalid");
    }
  });
});

describe("the shared cache", () => {
  const key = (headers: [string, string][], querystring = "") =>
    cacheKey(
      { method: "GET", uri: "/a", querystring, headers: new Map(headers), cookies: [["s", "1"]] },
      OPTIMIZED,
    );

  test("CachingOptimized keys on the path and the normalized Accept-Encoding only", () => {
    expect(key([["authorization", "Bearer one"]], "x=1")).toBe(
      key([["authorization", "Bearer two"]], "x=2"),
    );
    expect(key([["accept-encoding", "gzip, deflate, br"]])).toBe(
      key([["accept-encoding", "br;q=1, gzip"]]),
    );
    expect(key([["accept-encoding", "gzip"]])).not.toBe(key([]));
    expect(normalizedAcceptEncoding("deflate, gzip;q=0", OPTIMIZED)).toBeNull();
  });

  test("TTLs: default without headers, clamped max-age, private kept only for the minimum TTL", () => {
    const now = Date.now();
    expect(successTtl(OPTIMIZED, {}, now)).toBe(86_400);
    expect(successTtl(OPTIMIZED, { cacheControl: "max-age=0" }, now)).toBe(1);
    expect(successTtl(OPTIMIZED, { cacheControl: "max-age=60, s-maxage=120" }, now)).toBe(120);
    expect(successTtl(OPTIMIZED, { cacheControl: "private, max-age=600" }, now)).toBe(1);
    expect(successTtl(OPTIMIZED, { cacheControl: "no-store" }, now)).toBe(1);
    expect(responseTtl(DISABLED, 200, {}, 10, now)).toBe(0);
    expect(responseTtl(OPTIMIZED, 403, {}, 0, now)).toBe(0);
    expect(responseTtl(OPTIMIZED, 404, {}, 10, now)).toBe(10);
  });
});

describe("CloudFront's signed check", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const group = keyGroupOf([
    ["KTEST", publicKey.export({ type: "spki", format: "pem" }).toString()],
  ]);
  const now = Math.floor(Date.now() / 1000);
  const base = "http://127.0.0.1:1";

  test("a custom-policy signed URL with a wildcard opens what it covers, until it expires", () => {
    const policy = JSON.stringify({
      Statement: [
        { Resource: `${base}/docs/*`, Condition: { DateLessThan: { "AWS:EpochTime": now + 60 } } },
      ],
    });
    const signed = getSignedUrl({
      url: `${base}/docs/a.pdf`,
      keyPairId: "KTEST",
      privateKey: pem,
      policy,
    });
    const query = signed.slice(signed.indexOf("?") + 1);
    const judge = (p: string, at = now) =>
      judgeSignedAccess(
        {
          url: `${base}${p}?${query}`,
          querystring: query,
          cookies: [],
          now: at,
          clientIp: "127.0.0.1",
        },
        group,
      );
    expect(judge("/docs/b.pdf").allow).toBe(true);
    expect(judge("/other/b.pdf").allow).toBe(false);
    expect(judge("/docs/b.pdf", now + 61).allow).toBe(false);
  });

  test("URL parameters are judged instead of cookies, even valid ones", () => {
    const cookies = getSignedCookies({
      url: `${base}/a`,
      keyPairId: "KTEST",
      privateKey: pem,
      dateLessThan: new Date((now + 60) * 1000),
    });
    const pairs = Object.entries(cookies).map(([n, v]): [string, string] => [n, String(v)]);
    const withCookies = (querystring: string) =>
      judgeSignedAccess(
        {
          url: `${base}/a${querystring === "" ? "" : `?${querystring}`}`,
          querystring,
          cookies: pairs,
          now,
          clientIp: "127.0.0.1",
        },
        group,
      );
    expect(withCookies("").allow).toBe(true);
    expect(withCookies("Expires=1&Signature=x&Key-Pair-Id=KTEST").allow).toBe(false);
  });

  test("an IP condition is checked against the viewer's address", () => {
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: `${base}/a`,
          Condition: {
            DateLessThan: { "AWS:EpochTime": now + 60 },
            IpAddress: { "AWS:SourceIp": "10.0.0.0/8" },
          },
        },
      ],
    });
    const cookies = getSignedCookies({ keyPairId: "KTEST", privateKey: pem, policy });
    const pairs = Object.entries(cookies).map(([n, v]): [string, string] => [n, String(v)]);
    const from = (ip: string) =>
      judgeSignedAccess(
        { url: `${base}/a`, querystring: "", cookies: pairs, now, clientIp: ip },
        group,
      );
    expect(from("10.1.2.3").allow).toBe(true);
    expect(from("127.0.0.1").allow).toBe(false);
  });

  test("a signing parameter with a malformed percent-escape is refused, never an error", () => {
    for (const querystring of [
      "Expires=2000000000&Signature=%E0%A4%A&Key-Pair-Id=KTEST",
      "%zz=1&Expires=2000000000&Signature=x&Key-Pair-Id=KTEST",
      "Expires=2000000000&Signature=x&Key-Pair-Id=%zz",
    ]) {
      const verdict = judgeSignedAccess(
        { url: `${base}/a?${querystring}`, querystring, cookies: [], now, clientIp: "127.0.0.1" },
        group,
      );
      expect([querystring, verdict.allow]).toEqual([querystring, false]);
    }
  });
});
