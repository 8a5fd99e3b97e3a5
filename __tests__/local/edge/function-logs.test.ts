// A function's own output (console.log and console.error in its worker)
// reaches the edge's log callback line by line, named by function, instead
// of the emulator's process output: the CLI shows it, a test keeps it with
// the test that caused it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FunctionRunner } from "../../../local/edge/function-worker";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-function-logs-"));
  fs.writeFileSync(
    path.join(dir, "index.js"),
    `exports.handler = async (event) => {
       console.log(JSON.stringify({ message: "request", path: event.path }));
       console.error("second line\\nthird line");
       return { ok: true };
     };`,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("hands every line the function writes to the log callback, not to the process", async () => {
  const lines: string[] = [];
  const runner = new FunctionRunner({
    file: path.join(dir, "index.js"),
    functionName: "staging-session-manager",
    env: {},
    log: (line) => lines.push(line),
  });
  try {
    const invocation = await runner.invoke({ path: "/_identity/login" }, 60_000);
    expect(invocation).toEqual({ outcome: "returned", result: { ok: true } });
    // Output is read from the worker's streams: wait for the lines, bounded only as a safety net.
    for (let i = 0; i < 600 && lines.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines.sort()).toEqual(
      [
        JSON.stringify({ message: "request", path: "/_identity/login" }),
        "second line",
        "third line",
      ].sort(),
    );
  } finally {
    await runner.close();
  }
});
