// esbuild bundles of the function handlers, made at synth time and written
// to a content-addressed file: the stack hands Terraform the file (an asset
// in the stack directory), never the code as text, so plans show no code.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { cachedBuild } from "./bundle-cache";
import { writeFileWhole } from "./write-whole";

/** A built bundle: the file synth copies into the stack, with its fingerprint. */
export interface BuiltBundle {
  /** Absolute path of `index.js` (in a directory named after its hash). */
  file: string;
  /** Hex SHA-256 of the code. */
  sha256: string;
  /** Size of the code in bytes. */
  bytes: number;
}

const cache = new Map<string, string>();

/** esbuild's working directory: metafile input paths are relative to it. */
const WORKING_DIR = path.resolve(__dirname, "..");

/**
 * aws-jwt-verify's default fetcher imports the bare `https` and `stream`
 * modules, which the edge handlers replace with their own fetcher: the
 * aliases keep them (and tls) out of their cold start. Code that needs TLS
 * imports `node:https` by its full name, which the aliases do not match
 * (functions/shared/bounded-post.ts).
 */
const NOT_AT_EDGE = path.resolve(__dirname, "../functions/shared/not-bundled-at-edge.ts");
const EDGE_ALIASES = { https: NOT_AT_EDGE, stream: NOT_AT_EDGE };

/** Where bundles are written before synth copies them into each stack's assets. */
const BUNDLE_DIR = path.join(os.tmpdir(), "edge-gate-bundles");

export interface BundleOptions {
  /** Lambda@Edge: leave Node's https module out (cold start). */
  edge?: boolean;
}

/** Node.js major version of a Lambda runtime name (`nodejs22.x` -> `node22`). */
export function esbuildTarget(runtime: string): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) throw new Error(`unsupported Lambda runtime ${runtime}`);
  return `node${match[1]}`;
}

/** Bundles `entry` (minified CommonJS, no external modules) and returns the code. */
export function bundle(entry: string, runtime: string, options: BundleOptions = {}): string {
  const key = `${entry}\0${runtime}\0${options.edge === true}`;
  let code = cache.get(key);
  if (code === undefined) {
    code = cachedBuild(key, () => {
      const result = buildSync({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "cjs",
        target: esbuildTarget(runtime),
        minify: true,
        legalComments: "none",
        write: false,
        logLevel: "silent",
        alias: options.edge ? EDGE_ALIASES : undefined,
        metafile: true,
        absWorkingDir: WORKING_DIR,
      });
      const inputs = Object.keys(result.metafile.inputs).map((input) =>
        path.resolve(WORKING_DIR, input),
      );
      return { code: result.outputFiles[0].text, inputs };
    });
    cache.set(key, code);
  }
  return code;
}

/**
 * Bundles `entry` into `<tmp>/edge-gate-bundles/<sha256>/index.js`. Content
 * addressed, so concurrent synths share a file safely: each writes a private
 * temporary file and renames it into place, and equal code is equal bytes.
 */
export function bundleFile(
  entry: string,
  runtime: string,
  options: BundleOptions = {},
): BuiltBundle {
  const code = bundle(entry, runtime, options);
  const sha256 = createHash("sha256").update(code).digest("hex");
  const file = path.join(BUNDLE_DIR, sha256, "index.js");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileWhole(file, code);
  }
  return { file, sha256, bytes: Buffer.byteLength(code) };
}
