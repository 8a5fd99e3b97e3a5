// A cold start the viewer pays on every new instance: a request on a public
// path reads no session, so the deployed session checker must answer it
// without loading what only table calls need (Node's https and TLS stack,
// the SigV4 signer). Run in a fresh node process with the bundle as shipped.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundle } from "../../../stacks/bundle";
import { EDGE_RUNTIME } from "../../../stacks/edge-function";
import { SESSION_CHECKER_ENTRY } from "../../../stacks/protection/session-cookie";
import {
  checkerConfig,
  CREDENTIAL_ENV,
  PROTECTED_URI,
  PUBLIC_URI,
  viewerRequest,
} from "../../../scripts/bench/session-fixtures";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-checker-lazy-"));
  fs.writeFileSync(
    path.join(dir, "index.js"),
    bundle(SESSION_CHECKER_ENTRY, EDGE_RUNTIME, { edge: true }),
  );
  // A table endpoint nothing listens on: a public path must not call it.
  fs.writeFileSync(
    path.join(dir, "config.json"),
    JSON.stringify(checkerConfig("sessions", "http://127.0.0.1:9")),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The internal modules node loaded while the bundle answered `uri`, and the answer. */
function loadedFor(uri: string): { modules: string[]; passed: boolean } {
  const before = "const before=new Set(process.moduleLoadList);";
  const run = `require("./index.js").handler(${JSON.stringify(viewerRequest(uri, "x".repeat(43)))}).then(r=>{process.stdout.write(JSON.stringify({passed:r.uri!==undefined,modules:process.moduleLoadList.filter(m=>!before.has(m))}))})`;
  // stderr piped, not passed through: the checker's log of a failed look-up
  // belongs to this child, and a failed run still shows it in the thrown error.
  const out = execFileSync(process.execPath, ["-e", before + run], {
    cwd: dir,
    env: { ...process.env, ...CREDENTIAL_ENV },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  return JSON.parse(out.toString()) as { modules: string[]; passed: boolean };
}

it("answers a public path without loading https, tls or the request signer's modules", () => {
  const { modules, passed } = loadedFor(PUBLIC_URI);
  expect(passed).toBe(true);
  const heavy = modules.filter((m) =>
    /^NativeModule (https|tls|_tls_\w+|http|querystring|url)$/.test(m),
  );
  expect(heavy).toEqual([]);
});

it("answers a public path without loading crypto (the session key digest needs it, a public path does not)", () => {
  const { modules, passed } = loadedFor(PUBLIC_URI);
  expect(passed).toBe(true);
  expect(modules.filter((m) => /^NativeModule (crypto|internal\/crypto\/\w+)$/.test(m))).toEqual(
    [],
  );
});

it("looks a session up in a plain-http table (loopback) without loading https or tls", () => {
  // Nothing listens on the endpoint: the look-up fails (503), after loading its transport.
  const { modules, passed } = loadedFor(PROTECTED_URI);
  expect(passed).toBe(false);
  expect(modules).toContain("NativeModule http");
  expect(modules.filter((m) => /^NativeModule (https|tls|_tls_\w+)$/.test(m))).toEqual([]);
});
