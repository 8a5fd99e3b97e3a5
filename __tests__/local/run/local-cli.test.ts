// `npm run local`'s command line: its mistakes are one line naming what to
// do, and a port in use names the port and the --port flag. The CLI is
// spawned as a user runs it; each of those cases fails before anything is
// started, so they run side by side (a few at a time: the spawns share two
// cores with the rest of jest). One whole run is then stopped with Ctrl-C.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { inBatches } from "../../support/in-batches";
import { PLAN_HOOK_TIMEOUT_MS } from "../../support/shipped-plans";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";
import { TYPESCRIPT_NODE_ARGS } from "../../support/typescript-node";

const ROOT = path.resolve(__dirname, "..", "..", "..");
/** A safety net against a hang for a whole run: a start on a loaded machine is slow, never wrong. */
const WHOLE_RUN_TIMEOUT_MS = 5 * 60_000;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI with `args`, in one Node process (tsx as a hook, as the Ctrl-C run below starts it). */
function runLocal(args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, "scripts/local.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const REFUSALS: [string[], string][] = [
  [[], "local: missing <env> (npm run local -- --help)"],
  [["staging", "dev"], 'local: one <env> only; unexpected "dev" (npm run local -- --help)'],
  [["staging", "--frobnicate"], "local: unknown option --frobnicate (npm run local -- --help)"],
  [["staging", "--port"], "local: --port needs a value (npm run local -- --help)"],
  [
    ["staging", "--port", "http"],
    'local: --port must be a whole number, at least 0, at most 65535; got "http" (npm run local -- --help)',
  ],
  [
    ["staging", "--replication-delay-ms=-5"],
    'local: --replication-delay-ms must be a whole number, at least 0; got "-5" (npm run local -- --help)',
  ],
  [
    ["staging", "--edge-region", "Mars"],
    'local: --edge-region must be an AWS region such as us-east-1; got "Mars" (npm run local -- --help)',
  ],
];

describe("npm run local", () => {
  const outcomes = new Map<string, Outcome>();
  const outcome = (args: string[]) => outcomes.get(JSON.stringify(args))!;
  // A port held by this process while the CLI is asked for it.
  const blocker = net.createServer();
  let blockedPort = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    blockedPort = (blocker.address() as net.AddressInfo).port;
    const commandLines = [
      ["--help"],
      ...REFUSALS.map(([args]) => args),
      ["nope"],
      ["staging", "--port", String(blockedPort)],
    ];
    await inBatches(
      commandLines.map((args) => async () => {
        outcomes.set(JSON.stringify(args), await runLocal(args));
      }),
      3,
    );
  }, PLAN_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });

  it("prints its usage for --help and exits 0", () => {
    const { code, stdout } = outcome(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("usage: npm run local -- <env> [--port N]");
    expect(stdout).toContain("--replication-delay-ms");
  });

  it.each(REFUSALS)("refuses %j in one line", (args, line) => {
    const { code, stderr } = outcome(args);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(line);
  });

  it("names the valid environments for an unknown one", () => {
    const { code, stderr } = outcome(["nope"]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'local: no environment "nope"; environments: dev, partners, prod, staging',
    );
  });

  it("says which port is in use and how to choose another", () => {
    const { code, stdout, stderr } = outcome(["staging", "--port", String(blockedPort)]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim()).toBe(
      `local: port ${blockedPort} is in use; choose another with --port <N> (or --port 0 for any free port)`,
    );
  });
});

describe("Ctrl-C", () => {
  /** Whether any process of group `pgid` is still alive. */
  const groupAlive = (pgid: number) => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };

  /**
   * Resolves once `condition` holds. The bound is a safety net against a
   * hang, far beyond what a loaded machine needs; the verdict never rides on it.
   */
  async function waitUntil(condition: () => boolean, what: string): Promise<void> {
    const giveUpAt = Date.now() + GENEROUS_TIMEOUT_MS;
    while (!condition()) {
      if (Date.now() > giveUpAt) throw new Error(`still waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it(
    "stops everything and leaves no process and no temp folder, even when pressed twice",
    async () => {
      // A temp folder of its own shows what the run leaves behind; the bundle cache is shared.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-cli-test-"));
      const bundles = path.join(os.tmpdir(), "edge-gate-bundles");
      if (fs.existsSync(bundles)) fs.symlinkSync(bundles, path.join(tmp, "edge-gate-bundles"));
      // The first Ctrl-C comes the moment the CLI says Ctrl-C stops it: the
      // CLI signals itself inside the write of that line, before the write
      // returns. Its handlers must already be in place (a machine under load
      // once let a Ctrl-C from this test land in that gap, and it killed the
      // run); without them the process dies of the signal, every time.
      const pressOnPrompt = path.join(tmp, "press-ctrl-c-on-prompt.js");
      fs.writeFileSync(
        pressOnPrompt,
        `const fs = require("node:fs");
const os = require("node:os");
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  if (String(chunk).includes("Ctrl-C stops everything.")) {
    // What the run holds in its temp folder at that moment, for the test to read.
    const held = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("edge-gate-local-"));
    fs.writeFileSync(${JSON.stringify(path.join(tmp, "held-at-prompt.json"))}, JSON.stringify(held));
    process.kill(process.pid, "SIGINT");
  }
  return written;
};
`,
      );
      // Its own process group, as a terminal's foreground job: Ctrl-C signals every process in it.
      const child = spawn(
        process.execPath,
        [
          ...TYPESCRIPT_NODE_ARGS,
          "--require",
          pressOnPrompt,
          "scripts/local.ts",
          "dev",
          "--port",
          "0",
        ],
        {
          cwd: ROOT,
          env: { ...process.env, NODE_OPTIONS: "", TMPDIR: tmp },
          stdio: ["ignore", "pipe", "pipe"],
          detached: true,
        },
      );
      const pgid = child.pid!;
      try {
        let stdout = "";
        let stderr = "";
        let exit: [number | null, string | null] | undefined;
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
        child.once("exit", (code, signal) => (exit = [code, signal]));
        // Starting synthesizes the stack and starts every stand-in: bounded by the test's time-out.
        await waitUntil(
          () => stdout.includes("SIGINT: stopping...") || exit !== undefined,
          "the run to start and take the first Ctrl-C",
        );
        expect(stdout).toContain("Ctrl-C stops everything.");
        const held = JSON.parse(fs.readFileSync(path.join(tmp, "held-at-prompt.json"), "utf8"));
        expect(held).toHaveLength(1);
        // npm and tsx pass a Ctrl-C on to the script too: the second one comes while the
        // first is being handled. Once the stop has finished the group may be gone, and a
        // press then reaches nobody: the outcome is the same either way.
        try {
          process.kill(-pgid, "SIGINT");
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
        }
        await waitUntil(() => exit !== undefined, "the CLI to exit");
        expect(exit).toEqual([0, null]);
        // The stand-ins stop within their grace period; nothing is left after it.
        await waitUntil(() => !groupAlive(pgid), "every process of the run to end");
        expect(fs.readdirSync(tmp).filter((name) => name.startsWith("edge-gate-local"))).toEqual(
          [],
        );
      } finally {
        if (groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
    WHOLE_RUN_TIMEOUT_MS,
  );
});
