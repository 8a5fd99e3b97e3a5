// The deployment shape: handler.ts bundled by the stack's own bundler, with
// config.json written beside the bundle and read from __dirname at runtime.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import type { createHandler, ViewerRequestHandler } from "../../../functions/bearer-jwt/handler";
import { bundle as bundleFunction } from "../../../stacks/bundle";
import { EDGE_RUNTIME } from "../../../stacks/edge-function";
import { BEARER_JWT_ENTRY } from "../../../stacks/protection/bearer-jwt";
import { bearerConfig, startHarness, type Harness } from "../../support/bearer-jwt-harness";
import {
  accessTokenClaims,
  generateSigningKey,
  signRs256,
  TEST_SUB,
} from "../../support/jwt-fixtures";
import { startJwksServer } from "../../support/jwks-server";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";
import { answered, bearer, passed, viewerRequestEvent } from "../../support/viewer-request";

let h: Harness;
let workDir: string;
let bundle: string;

beforeAll(async () => {
  h = await startHarness();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "bearer-jwt-bundle-"));
  bundle = bundleFunction(BEARER_JWT_ENTRY, EDGE_RUNTIME, { edge: true });
});

afterAll(async () => {
  await h.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

interface BundleExports {
  handler: ViewerRequestHandler;
  createHandler: typeof createHandler;
}

/** Writes the bundle (and config.json, unless null) to a fresh folder and loads it. */
function load(name: string, configJson: string | null): BundleExports {
  const dir = path.join(workDir, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "index.js"), bundle);
  if (configJson !== null) fs.writeFileSync(path.join(dir, "config.json"), configJson);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dir, "index.js")) as BundleExports;
}

/** The deployed entry point: the handler that reads config.json itself. */
const deploy = (name: string, configJson: string | null) => load(name, configJson).handler;

it("reads config.json beside the bundle and verifies tokens with it", async () => {
  const handler = deploy("ok", JSON.stringify(h.config));
  const own = viewerRequestEvent({ uri: `/users/${TEST_SUB}/a.txt`, headers: [bearer(h.token())] });
  expect(passed(await handler(own)).headers["x-auth-sub"]?.[0].value).toBe(TEST_SUB);
  expect(answered(await handler(viewerRequestEvent({ uri: "/users/x/a.txt" }))).status).toBe("401");
  // The bundle's own signature check (its aws-jwt-verify platform layer) refuses a forged one.
  const token = h.token();
  // One whole character of the signature changed (the last one carries
  // only two bits): a well-formed token whose signature is wrong.
  const at = token.length - 10;
  const forged = `${token.slice(0, at)}${token[at] === "A" ? "B" : "A"}${token.slice(at + 1)}`;
  expect(forged).not.toBe(token);
  const withForged = viewerRequestEvent({
    uri: `/users/${TEST_SUB}/a.txt`,
    headers: [bearer(forged)],
  });
  expect(answered(await handler(withForged)).status).toBe("401");
  expect(h.server.requests()).toBe(0);
});

it("fetches a rotated key over the network from the bundle too", async () => {
  const rotated = generateSigningKey("bundle-rotated-key");
  const server = await startJwksServer({ kind: "serve", jwks: { keys: [h.key.jwk, rotated.jwk] } });
  try {
    // The bundle's own createHandler, so that this fetch, which must succeed,
    // gets a generous time limit (config.json caps it at 5 s).
    const bundled = load("rotated", null);
    const handler = bundled.createHandler(bearerConfig(server, h.key), {
      outboundTimeoutMs: GENEROUS_TIMEOUT_MS,
    });
    const token = signRs256(rotated, accessTokenClaims(server.issuer));
    const own = viewerRequestEvent({ uri: `/users/${TEST_SUB}/a.txt`, headers: [bearer(token)] });
    expect(passed(await handler(own)).uri).toBe(`/users/${TEST_SUB}/a.txt`);
    expect(server.requests()).toBe(1);
  } finally {
    await server.close();
  }
});

it("does not inline the config into the bundle", () => {
  expect(bundle).not.toContain(h.server.issuer);
  expect(bundle).toContain("config.json");
});

it("answers every request with 503 when config.json is missing", async () => {
  jest.spyOn(console, "error").mockImplementation(() => undefined);
  const handler = deploy("missing", null);
  const result = await handler(viewerRequestEvent({ uri: "/public/a.css" }));
  expect(answered(result).status).toBe("503");
  jest.restoreAllMocks();
});

it("answers every request with 503 when config.json is not JSON", async () => {
  jest.spyOn(console, "error").mockImplementation(() => undefined);
  const handler = deploy("broken", "{ not json");
  expect(answered(await handler(viewerRequestEvent({ uri: "/public/a.css" }))).status).toBe("503");
  expect(answered(await handler(undefined)).status).toBe("503");
  jest.restoreAllMocks();
});

it("leaves Node's https module out: the JWKS is fetched with the global fetch", () => {
  expect(bundle).not.toMatch(/require\("(node:)?(https|tls)"\)/);
});

it("leaves Node's stream module out: only the library's unused fetcher wanted it (1.6 ms of a cold start)", () => {
  expect(bundle).not.toMatch(/require\("(node:)?stream"\)/);
});

it("gives aws-jwt-verify the edge platform layer, which has no HTTPS client", () => {
  expect(bundle).toContain("no HTTPS client in edge bundles");
});

it("stays within the 10 KB compressed budget of a viewer-request bundle", () => {
  const compressed = zlib.deflateRawSync(Buffer.from(bundle), { level: 9 });
  expect(compressed.length).toBeLessThanOrEqual(10 * 1024);
});
