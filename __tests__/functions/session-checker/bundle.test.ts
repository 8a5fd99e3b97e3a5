// The deployment shape: handler.ts bundled by the stack's own bundler (edge
// aliases on), written beside a config.json, and run in a fresh `node`
// process with only the environment Lambda would give it, against a real
// DynamoDB table. Also the bundle's budget: no AWS SDK, no fetch, small.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { bundle as bundleFunction } from "../../../stacks/bundle";
import { EDGE_RUNTIME } from "../../../stacks/edge-function";
import {
  awsEnvironment,
  COOKIE_NAME,
  HOME_REGION,
  sessionCookie,
  startSessionHarness,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";
import { viewerRequestEvent, type Result } from "../../support/viewer-request";

const ENTRY = path.resolve(__dirname, "../../../functions/session-checker/handler.ts");

/**
 * Loads the bundle beside it, answers the event given as argv[1], prints the
 * result. With handler options as argv[2], the event goes to the bundle's
 * createHandler (config.json's content, those options) instead of the
 * deployed handler: config.json caps the look-up time-out at 3 s, and a
 * look-up expected to succeed needs a generous one.
 */
const RUNNER = `
const bundled = require(process.cwd() + "/index.js");
const [event, options] = process.argv.slice(1).map((arg) => JSON.parse(arg));
const handle = options === undefined
  ? bundled.handler
  : bundled.createHandler(JSON.parse(require("node:fs").readFileSync("config.json", "utf8")), options);
handle(event).then((r) => process.stdout.write(JSON.stringify(r)));
`;

/**
 * Only a guard against a child left running: jest's own time-out decides
 * first, so a slow machine cannot turn this into a verdict.
 */
const CHILD_KILL_MS = 10 * 60_000;

let h: SessionHarness;
let workDir: string;
let bundle: string;

beforeAll(async () => {
  h = await startSessionHarness();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "session-checker-bundle-"));
  bundle = bundleFunction(ENTRY, EDGE_RUNTIME, { edge: true });
});

afterAll(async () => {
  await h.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** Writes the bundle (and config.json, unless null) to a fresh folder. */
function deploy(name: string, configJson: string | null): string {
  const dir = path.join(workDir, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "index.js"), bundle);
  if (configJson !== null) fs.writeFileSync(path.join(dir, "config.json"), configJson);
  return dir;
}

/** Runs one event through the deployed bundle (or its createHandler with `options`) in a new node process. */
function runInNode(dir: string, event: unknown, options?: object): Promise<Result> {
  // Only what Lambda sets: no NODE_OPTIONS or jest state leaks in.
  const env = { PATH: process.env.PATH ?? "", ...awsEnvironment(HOME_REGION) };
  const args = [JSON.stringify(event), ...(options === undefined ? [] : [JSON.stringify(options)])];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-e", RUNNER, ...args],
      { cwd: dir, env, timeout: CHILD_KILL_MS },
      (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as Result)),
    );
  });
}

/** A session valid now by the wall clock (the child process has no test clock). */
async function liveSession(): Promise<string> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  return h.putSession({ expiresAt: nowSeconds + 3600, lastSeenAt: nowSeconds });
}

it("reads config.json beside the bundle and checks sessions against DynamoDB", async () => {
  const dir = deploy("ok", JSON.stringify(h.config));
  const id = await liveSession();
  const before = h.proxy.requests(HOME_REGION);
  const result = await runInNode(
    dir,
    viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(id, "a=1")] }),
    { outboundTimeoutMs: GENEROUS_TIMEOUT_MS },
  );
  expect(result).toMatchObject({
    uri: "/docs/a.pdf",
    headers: {
      cookie: [{ key: "Cookie", value: "a=1" }],
      "x-auth-sub": [{ key: "X-Auth-Sub", value: "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b" }],
    },
  });
  expect(h.proxy.requests(HOME_REGION) - before).toBe(1);

  // The deployed handler itself, reading config.json: no look-up is needed
  // to send a browser without a session to the configured login path.
  const denied = await runInNode(
    dir,
    viewerRequestEvent({ uri: "/docs/a.pdf", headers: [["Sec-Fetch-Mode", "navigate"]] }),
  );
  expect(denied).toMatchObject({
    status: "307",
    headers: { location: [{ value: "/_auth/login?path=%2Fdocs%2Fa.pdf" }] },
  });
});

it("answers every request with 503 when config.json is missing", async () => {
  const dir = deploy("missing", null);
  const result = await runInNode(dir, viewerRequestEvent({ uri: "/public/a.css" }));
  expect(result).toMatchObject({ status: "503" });
});

it("answers every request with 503 when config.json is not JSON", async () => {
  const dir = deploy("broken", "{ not json");
  const result = await runInNode(dir, viewerRequestEvent({ uri: "/public/a.css" }));
  expect(result).toMatchObject({ status: "503" });
});

it("does not inline the config into the bundle", () => {
  expect(bundle).not.toContain(h.tableName);
  expect(bundle).not.toContain(COOKIE_NAME);
  expect(bundle).toContain("config.json");
});

it("carries no AWS SDK: the GetItem is signed by edge-gate's own SigV4 signer", () => {
  expect(bundle).not.toContain("@aws-sdk");
  expect(bundle).not.toContain("@smithy");
  expect(bundle).toContain("AWS4-HMAC-SHA256");
});

it("reaches the table over Node's https, never the global fetch (undici costs ~170 ms of cold start)", () => {
  expect(bundle).toMatch(/require\("(node:)?https"\)/);
  expect(bundle).not.toMatch(/\bfetch\(/);
  expect(bundle).not.toMatch(/new Headers\b/);
  expect(bundle).not.toMatch(/require\("(node:)?http2"\)/);
});

// 8.3 KB since the checker dropped aws4 and the cookie package (decision
// record 0016); the target for the deployed zip is 8 KB.
it("stays within 9 KB compressed", () => {
  const compressed = zlib.deflateRawSync(Buffer.from(bundle), { level: 9 });
  expect(compressed.length).toBeLessThan(9 * 1024);
});
