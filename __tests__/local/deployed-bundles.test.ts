// The local run changes nothing that is deployed: no function bundle takes
// in a file of the emulator, the stand-ins, the browser helper or the tests,
// and the bundles the local run synthesizes are, byte for byte, the ones the
// deployable stack carries.
import { buildSync } from "esbuild";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadEnvironments } from "../../environments/schema/load";
import { synthesizeEnvironment } from "../../local/runner/synth-environment";
import { PLAN_HOOK_TIMEOUT_MS, shippedStackDir } from "../support/shipped-plans";

const ROOT = path.resolve(__dirname, "..", "..");
const HANDLERS = fs
  .readdirSync(path.join(ROOT, "functions"))
  .map((dir) => path.join("functions", dir, "handler.ts"))
  .filter((file) => fs.existsSync(path.join(ROOT, file)));
const NOT_DEPLOYED = ["local", "browser", "e2e", "__tests__", "scripts"];

/** Every `index.js` asset of a synthesized stack, by file name relative to its assets folder. */
function bundlesOf(stackDir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "index.js") {
        found.set(path.relative(stackDir, full), fs.readFileSync(full, "utf8"));
      }
    }
  };
  walk(path.join(stackDir, "assets"));
  return found;
}

describe("what the local run leaves deployed", () => {
  it("finds the four handlers", () => {
    expect(HANDLERS.map((h) => path.basename(path.dirname(h))).sort()).toEqual([
      "bearer-jwt",
      "cookie-issuer",
      "session-checker",
      "session-manager",
    ]);
  });

  it.each(HANDLERS)(
    "%s bundles nothing from local/, browser/, e2e/, scripts/ or the tests",
    (entry) => {
      const { metafile } = buildSync({
        entryPoints: [path.join(ROOT, entry)],
        bundle: true,
        platform: "node",
        format: "cjs",
        write: false,
        metafile: true,
        logLevel: "silent",
      });
      const inputs = Object.keys(metafile.inputs).map((input) =>
        path.relative(ROOT, path.resolve(ROOT, input)),
      );
      expect(inputs.length).toBeGreaterThan(1);
      const stray = inputs.filter((input) => NOT_DEPLOYED.includes(input.split(path.sep)[0]));
      expect(stray).toEqual([]);
    },
  );

  it.each(loadEnvironments().map((env) => env.name))(
    "%s: the local run synthesizes the deployable stack's bundles, byte for byte",
    async (name) => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-local-bundles-"));
      try {
        const env = loadEnvironments().find((e) => e.name === name)!;
        const local = bundlesOf(synthesizeEnvironment(env, outdir));
        const deployed = bundlesOf(await shippedStackDir(name));
        expect(local.size).toBeGreaterThan(0);
        expect([...local.keys()].sort()).toEqual([...deployed.keys()].sort());
        for (const [file, code] of local) expect(code === deployed.get(file)).toBe(true);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    },
    PLAN_HOOK_TIMEOUT_MS,
  );
});
