// The bearer function as deployed: the size of its zip (with a one-key
// config.json), the CPU its cold start costs over a bare node process,
// require + config read + the first verified request, and its handler
// loaded from the bundle for the warm figures.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { JwtVerifier } from "aws-jwt-verify";
import type { createHandler } from "../../functions/bearer-jwt/handler";
import type { createNewTokenFloor } from "./new-token-floor";
import { bundle } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { BEARER_JWT_ENTRY } from "../../stacks/protection/bearer-jwt";
import { config, eventWith, token } from "./bearer-fixtures";
import { printBundleComposition } from "./bundle-composition";
import { cpuOfNode, sampleSeries, scriptCpuOverBare, zipSize } from "./measure";
import { attempt, type Measurement, type Results } from "./report";

const COLD_RUNS = 15;

export const bearerCode = () => bundle(BEARER_JWT_ENTRY, EDGE_RUNTIME, { edge: true });

export function bearerBundleSize(): Measurement {
  const code = bearerCode();
  printBundleComposition("bearer-jwt", BEARER_JWT_ENTRY, code);
  const zipped = zipSize({ "index.js": code, "config.json": JSON.stringify(config) });
  return { value: zipped / 1024 };
}

/** A function package in `dir`, as its zip unpacks: `code` as index.js, `files` beside it. */
export function writePackage(dir: string, code: string, files: Record<string, string>): void {
  fs.writeFileSync(path.join(dir, "index.js"), code);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), content);
  }
}

/**
 * `code` loaded into this process as a module, with `files` beside it for
 * whatever it reads while it loads.
 */
export function loadCode<T>(code: string, files: Record<string, string> = {}): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-"));
  try {
    writePackage(dir, code, files);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(dir, "index.js")) as T;
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

const libraryCode = () =>
  bundle(LIBRARY_ENTRY, EDGE_RUNTIME, { edge: true, exports: ["JwtVerifier"] });

/** aws-jwt-verify's JwtVerifier bundled as the edge bundles bundle it (their platform layer too). */
export function edgeBundledJwtVerifier(): typeof JwtVerifier {
  return loadCode<{ JwtVerifier: typeof JwtVerifier }>(libraryCode()).JwtVerifier;
}

const NEW_TOKEN_FLOOR_ENTRY = path.resolve(__dirname, "new-token-floor.ts");

/** The new-token floor (new-token-floor.ts), bundled as the edge bundles bundle the library. */
export function edgeBundledNewTokenFloor(): typeof createNewTokenFloor {
  const code = bundle(NEW_TOKEN_FLOOR_ENTRY, EDGE_RUNTIME, {
    edge: true,
    exports: ["createNewTokenFloor"],
  });
  return loadCode<{ createNewTokenFloor: typeof createNewTokenFloor }>(code).createNewTokenFloor;
}

/**
 * The floor of the bearer zip: aws-jwt-verify alone, bundled as the edge
 * bundles bundle it, with the same config.json. The issue keeps the
 * library as the verifier, so the bearer function's own code has what is
 * left between this figure and the target.
 */
export function bearerBundleFloor(): Measurement {
  return {
    value: zipSize({ "index.js": libraryCode(), "config.json": JSON.stringify(config) }) / 1024,
  };
}

/**
 * A handler module that reads config.json and the token of the event's
 * Authorization header, requires `verifierModule` first, and answers what
 * `check` (JavaScript using `config`, `request` and `token`) returns.
 */
const handlerModule = (verifierModule: string, check: string) => `${verifierModule}
const { readFileSync } = require("node:fs");
exports.handler = async (event) => {
  const config = JSON.parse(readFileSync(__dirname + "/config.json", "utf8"));
  const request = event.Records[0].cf.request;
  const token = request.headers.authorization[0].value.slice("Bearer ".length);
${check}
};
`;

/**
 * The floor of a bearer cold start: a handler module that does only what
 * any bearer check must on its first request, load node:crypto, read
 * config.json and verify the token's RS256 signature with the config's
 * key, and none of the checks. No bearer function's cold start can cost
 * less, so a target below this figure is out of reach on this machine.
 */
const FLOOR_HANDLER = handlerModule(
  `const { createPublicKey, verify } = require("node:crypto");`,
  `  const dot = token.lastIndexOf(".");
  const key = createPublicKey({ key: config.jwks.keys[0], format: "jwk" });
  const data = Buffer.from(token.slice(0, dot));
  const ok = verify("RSA-SHA256", data, key, Buffer.from(token.slice(dot + 1), "base64url"));
  return ok ? request : { status: "401" };`,
);

/**
 * aws-jwt-verify alone on a cold start, bundled as the edge bundles bundle
 * it: read config.json, create a verifier, give it the JWKS, verify the
 * token. Not a floor (the handler does more than this on purpose), but the
 * least a bearer check that keeps the library as its verifier, as the issue
 * requires, can cost.
 */
const LIBRARY_HANDLER = handlerModule(
  `const { JwtVerifier } = require("./library.js");`,
  `  const verifier = JwtVerifier.create({ issuer: config.issuer, audience: null, jwksUri: config.jwksUri });
  verifier.cacheJwks(config.jwks);
  verifier.verifySync(token);
  return request;`,
);

/** `node -e` that passes the event to `module`'s handler and fails unless it passes the request on. */
export const firstRequestScript = (module: string) =>
  `const e=JSON.parse(require("fs").readFileSync("event.json","utf8"));require(${JSON.stringify(module)}).handler(e).then(r=>{if(!r.uri){console.error("first request refused: "+r.status);process.exit(3)}})`;

/**
 * The bearer bundle's cold start, the floor's and the library's alone, each
 * in CPU over a bare node process.
 */
export async function bearerColdStart(): Promise<Results> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-"));
  try {
    writePackage(dir, bearerCode(), {
      "floor.js": FLOOR_HANDLER,
      "library.js": libraryCode(),
      "library-handler.js": LIBRARY_HANDLER,
      "config.json": JSON.stringify(config),
      "event.json": JSON.stringify(eventWith(token)),
    });
    const samples = await sampleSeries(COLD_RUNS, {
      bare: () => cpuOfNode("", dir),
      cold: () => cpuOfNode(firstRequestScript("./index.js"), dir),
      floor: () => cpuOfNode(firstRequestScript("./floor.js"), dir),
      library: () => cpuOfNode(firstRequestScript("./library-handler.js"), dir),
    });
    return {
      "cold.bearer": await attempt(() => scriptCpuOverBare(samples.cold, samples.bare)),
      "cold.bearer.floor": await attempt(() => scriptCpuOverBare(samples.floor, samples.bare)),
      "cold.bearer.library": await attempt(() => scriptCpuOverBare(samples.library, samples.bare)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
