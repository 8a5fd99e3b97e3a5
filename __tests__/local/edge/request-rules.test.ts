// CloudFront's request rules as the local edge applies them: path patterns,
// RFC 3986 normalization before matching, size quotas, the S3 origin's keys
// that may never leave the content folder, and the event API Gateway hands
// the regional origin.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { matchBehaviour, pathMatches } from "../../../local/edge/path-pattern";
import { apiEvent } from "../../../local/edge/api-origin";
import { fileForKey, s3Get } from "../../../local/edge/s3-origin";
import {
  normalizeForMatching,
  sizeRefusal,
  splitTarget,
} from "../../../local/edge/uri-normalization";

describe("path patterns", () => {
  test.each([
    ["/_auth/*", "/_auth/login", true],
    ["/_auth/*", "/_auth/", true],
    ["/_auth/*", "/_auth", false],
    ["/_auth/*", "/_AUTH/login", false],
    ["images/*.jpg", "/images/a/b.jpg", true],
    ["/a?c", "/abc", true],
    ["/a?c", "/ac", false],
    ["/index.html", "/index.html", true],
    ["/index.html", "/index.htmlx", false],
  ])("%s against %s: %s", (pattern, p, expected) => {
    expect(pathMatches(pattern, p)).toBe(expected);
  });

  test("the first matching ordered behaviour wins, else the default (-1)", () => {
    expect(matchBehaviour(["/a/*", "/a/b/*"], "/a/b/c")).toBe(0);
    expect(matchBehaviour(["/a/*"], "/b")).toBe(-1);
  });
});

describe("normalization before matching", () => {
  test.each([
    ["/public/../users/x/a.txt", "/users/x/a.txt"],
    ["/./a/./b", "/a/b"],
    ["/%70ublic/a", "/public/a"],
    ["/a%2fb", "/a%2Fb"],
    ["/a//b", "/a//b"],
    ["/../../x", "/x"],
    ["/a/..", "/"],
  ])("%s is matched as %s", (raw, normalized) => {
    expect(normalizeForMatching(raw)).toBe(normalized);
  });

  test("an invalid percent-escape is a bad request", () => {
    expect(normalizeForMatching("/a%zz")).toBeNull();
    expect(splitTarget("http://elsewhere/a")).toEqual({ ok: false, status: 400 });
  });

  test("URLs over 8,192 bytes and requests over 20,480 bytes get 413", () => {
    expect(sizeRefusal({ urlBytes: 8192, requestBytes: 20_480 })).toBeNull();
    expect(sizeRefusal({ urlBytes: 8193, requestBytes: 100 })).toBe(413);
    expect(sizeRefusal({ urlBytes: 100, requestBytes: 20_481 })).toBe(413);
  });
});

describe("the S3 origin's content folder", () => {
  let parent: string;
  let root: string;
  beforeAll(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-s3-"));
    root = path.join(parent, "content");
    fs.mkdirSync(path.join(root, "public"), { recursive: true });
    fs.writeFileSync(path.join(root, "public", "a.txt"), "a");
    fs.writeFileSync(path.join(parent, "outside.txt"), "secret");
    fs.symlinkSync(path.join(parent, "outside.txt"), path.join(root, "public", "link.txt"));
  });
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  test("a key names a file inside the folder, never outside it", () => {
    expect(fileForKey(root, "public/a.txt")).not.toBeNull();
    for (const key of [
      "../outside.txt",
      "public/../../outside.txt",
      "public//a.txt",
      "public/./a.txt",
      "public/link.txt",
      "public",
      "public\\a.txt",
    ]) {
      expect(fileForKey(root, key)).toBeNull();
    }
  });

  test("a percent-encoded climb is AccessDenied, as a missing key", () => {
    const r = s3Get(root, "GET", "/public/%2e%2e/%2e%2e/outside.txt");
    expect(r.status).toBe(403);
    expect(r.body.toString()).toContain("<Code>AccessDenied</Code>");
  });

  test("an object comes with its type, ETag and Last-Modified; HEAD has no body", () => {
    const r = s3Get(root, "HEAD", "/public/a.txt");
    const headers = new Map(r.headers);
    expect(r.status).toBe(200);
    expect(headers.get("content-type")).toBe("text/plain");
    expect(headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(headers.has("last-modified")).toBe(true);
    expect(r.body.length).toBe(0);
  });
});

describe("the API origin's event", () => {
  const event = (rawQueryString: string) =>
    apiEvent({
      method: "GET",
      rawPath: "/_identity/auth",
      rawQueryString,
      headers: [],
      body: Buffer.alloc(0),
      sourceIp: "127.0.0.1",
      domainName: "identity.local",
      routeKey: "ANY /_identity/{proxy+}",
      pathParameters: { proxy: "auth" },
    });

  test("a query value keeps every '=' after the first, as API Gateway passes it", () => {
    expect(event("state=abc==&code=x&path=%2Fa%3Db").queryStringParameters).toEqual({
      state: "abc==",
      code: "x",
      path: "/a=b",
    });
  });
});
