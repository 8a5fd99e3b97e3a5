// The bearer function as deployed: the size of its zip (with a one-key
// config.json), the CPU its cold start costs over a bare node process,
// require + config read + the first verified request, and its handler
// loaded from the bundle for the warm figures.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { JwtVerifier } from "aws-jwt-verify";
import type { createHandler } from "../../functions/bearer-jwt/handler";
import { bundle } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { BEARER_JWT_ENTRY } from "../../stacks/protection/bearer-jwt";
import { config, eventWith, token } from "./bearer-fixtures";
import { printBundleComposition } from "./bundle-composition";
import { cpuOfNode, median, pairedDifference, sampleSeries, valuesOf, zipSize } from "./measure";
import type { Measurement } from "./report";

const COLD_RUNS = 15;

const bearerCode = () => bundle(BEARER_JWT_ENTRY, EDGE_RUNTIME, { edge: true });

export function bearerBundleSize(): Measurement {
  const code = bearerCode();
  printBundleComposition("bearer-jwt", BEARER_JWT_ENTRY, code);
  const zipped = zipSize({ "index.js": code, "config.json": JSON.stringify(config) });
  return { value: zipped / 1024 };
}

/** `code` loaded into this process as a module. */
function loadCode<T>(code: string): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-"));
  try {
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as T;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The createHandler of the bundle as shipped (its esbuild aliases included),
 * loaded into this process: the warm figures time what runs at the edge.
 */
export function shippedCreateHandler(): typeof createHandler {
  return loadCode<{ createHandler: typeof createHandler }>(bearerCode()).createHandler;
}

const LIBRARY_ENTRY = path.resolve(__dirname, "library-alone.ts");

/** aws-jwt-verify's JwtVerifier bundled as the edge bundles bundle it (their platform layer too). */
export function edgeBundledJwtVerifier(): typeof JwtVerifier {
  return loadCode<{ JwtVerifier: typeof JwtVerifier }>(
    bundle(LIBRARY_ENTRY, EDGE_RUNTIME, { edge: true }),
  ).JwtVerifier;
}

export async function bearerColdStart(): Promise<Measurement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-"));
  try {
    fs.writeFileSync(path.join(dir, "index.js"), bearerCode());
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
    fs.writeFileSync(path.join(dir, "event.json"), JSON.stringify(eventWith(token)));
    const first = `const e=JSON.parse(require("fs").readFileSync("event.json","utf8"));require("./index.js").handler(e).then(r=>{if(!r.uri){console.error("first request refused: "+r.status);process.exit(3)}})`;
    const samples = await sampleSeries(COLD_RUNS, {
      bare: () => cpuOfNode("", dir),
      cold: () => cpuOfNode(first, dir),
    });
    const bare = valuesOf(samples.bare);
    return {
      value: pairedDifference(valuesOf(samples.cold), bare),
      baseline: { label: `bare node CPU, median of ${COLD_RUNS}`, value: median(bare), unit: "ms" },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
