// The issuer's CORS decisions as pure functions: which Origin is allowed
// (exactly as configured, never a pattern), the headers that let it read an
// answer with credentials (its own origin, never "*"), and the preflight.
import { allowedOrigin, preflight, withCors } from "../../../functions/cookie-issuer/cors";
import { json, type IssuerRequest } from "../../../functions/cookie-issuer/http";

const APP = "https://app.example.com";
const ALLOWED = [APP, "http://localhost:5173"];

const request = (method: string, headers: Record<string, string>): IssuerRequest => ({
  method,
  path: "/_auth/cookies",
  query: new URLSearchParams(),
  cookies: [],
  headers,
});

describe("allowedOrigin", () => {
  it("returns an Origin that is listed, byte for byte", () => {
    expect(allowedOrigin(request("GET", { origin: APP }), ALLOWED)).toBe(APP);
    expect(allowedOrigin(request("GET", { origin: "http://localhost:5173" }), ALLOWED)).toBe(
      "http://localhost:5173",
    );
  });

  it.each([
    ["no Origin", {}],
    ["another origin", { origin: "https://evil.example" }],
    ["a trailing slash", { origin: `${APP}/` }],
    ["another case", { origin: APP.toUpperCase() }],
    ["another port", { origin: `${APP}:8443` }],
    ["another scheme", { origin: "http://app.example.com" }],
    ["a suffix attack", { origin: "https://app.example.com.evil.example" }],
    ["the opaque origin", { origin: "null" }],
    ["a wildcard", { origin: "*" }],
  ])("refuses %s", (_, headers) => {
    expect(allowedOrigin(request("GET", headers), ALLOWED)).toBeNull();
  });

  it("allows nothing when nothing is configured", () => {
    expect(allowedOrigin(request("GET", { origin: APP }), [])).toBeNull();
  });
});

describe("withCors", () => {
  it("lets the allowed origin read the answer with credentials, and its challenge", () => {
    expect(withCors(json(401, { error: "unauthorized" }), APP).headers).toEqual({
      "content-type": "application/json",
      "cache-control": "no-store",
      "access-control-allow-origin": APP,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "www-authenticate",
      vary: "Origin",
    });
  });

  it("gives no origin anything but Vary: Origin", () => {
    const headers = withCors(json(401, { error: "unauthorized" }), null).headers ?? {};
    expect(headers.vary).toBe("Origin");
    expect(Object.keys(headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
  });
});

describe("preflight", () => {
  it("grants an allowed origin the methods and headers of the program routes", () => {
    const result = preflight(
      request("OPTIONS", { origin: APP, "access-control-request-method": "POST" }),
      ALLOWED,
    );
    expect(result.statusCode).toBe(204);
    expect(result.headers).toEqual({
      "cache-control": "no-store",
      "access-control-allow-origin": APP,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "authorization, content-type, x-amz-content-sha256",
      "access-control-max-age": "600",
      vary: "Origin",
    });
  });

  it.each([
    ["another origin", { origin: "https://evil.example", "access-control-request-method": "GET" }],
    ["no Access-Control-Request-Method", { origin: APP }],
    ["no Origin", { "access-control-request-method": "GET" }],
  ])("refuses %s with 400 and no CORS header (never 403: CloudFront's page)", (_, headers) => {
    const result = preflight(request("OPTIONS", headers), ALLOWED);
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? "null")).toEqual({ error: "origin_not_allowed" });
    const names = Object.keys(result.headers ?? {});
    expect(names.filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect(result.headers?.vary).toBe("Origin");
  });
});
