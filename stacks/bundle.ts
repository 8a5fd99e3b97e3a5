// esbuild bundles of the function handlers, made at synth time and written
// to a content-addressed file: the stack hands Terraform the file (an asset
// in the stack directory), never the code as text, so plans show no code.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSync, type BuildOptions } from "esbuild";
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
 * Edge bundles give aws-jwt-verify their own platform layer
 * (functions/shared/jwt-verify-edge-compat.ts): signatures checked as the
 * library's Node.js layer checks them, and no HTTPS client, since the
 * handlers pass their own fetcher. The library's Node.js layer would load
 * https, tls and stream on every cold start.
 */
const EDGE_ALIASES = {
  "#node-web-compat": path.resolve(__dirname, "../functions/shared/jwt-verify-edge-compat.ts"),
};

/** Where bundles are written before synth copies them into each stack's assets. */
const BUNDLE_DIR = path.join(os.tmpdir(), "edge-gate-bundles");

export interface BundleOptions {
  /** Lambda@Edge: aws-jwt-verify gets the edge platform layer (EDGE_ALIASES). */
  edge?: boolean;
  /** The entry's exports the bundle's module.exports carries (default: ENTRY_EXPORTS). */
  exports?: readonly string[];
}

/** What a handler module exports: the runtime calls `handler`; tests and the bench build their own with `createHandler`. */
const ENTRY_EXPORTS: readonly string[] = ["handler", "createHandler"];

/** The exports a bundle with `options` carries: one list for its build and its cache key. */
const exportsOf = (options: BundleOptions) => options.exports ?? ENTRY_EXPORTS;

/** The metafile's name for the generated module that hands the entry's exports to module.exports. */
const EXPORTS_MODULE = "<exports>";

/**
 * The bundle's real entry: imports `entry`'s named exports and sets them as
 * plain properties of module.exports. Bundling an ES module as CommonJS
 * would otherwise add esbuild's interop, a getter per export and an
 * __esModule flag (about 200 compressed bytes), that the runtime does not
 * need. Plain JavaScript, so a missing export fails the build by name.
 */
function exportsModule(entry: string, names: readonly string[]): string {
  const list = names.join(", ");
  return `import { ${list} } from ${JSON.stringify(entry)};\nmodule.exports = { ${list} };\n`;
}

/** Node.js major version of a Lambda runtime name (`nodejs22.x` -> `node22`). */
export function esbuildTarget(runtime: string): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) throw new Error(`unsupported Lambda runtime ${runtime}`);
  return `node${match[1]}`;
}

/** esbuild's options for `entry`: minified strict CommonJS, nothing external. */
function buildOptions(
  entry: string,
  runtime: string,
  options: BundleOptions,
): BuildOptions & { metafile: true; write: false } {
  return {
    stdin: {
      contents: exportsModule(entry, exportsOf(options)),
      resolveDir: path.dirname(entry),
      sourcefile: EXPORTS_MODULE,
      loader: "js",
    },
    // The modules were ES modules, strict throughout; the CommonJS entry
    // would leave the bundle in sloppy mode.
    banner: { js: '"use strict";' },
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
  };
}

/** Bundles `entry` (minified strict CommonJS, no external modules) and returns the code. */
export function bundle(entry: string, runtime: string, options: BundleOptions = {}): string {
  const key = `${entry}\0${runtime}\0${options.edge === true}\0${exportsOf(options).join(",")}`;
  let code = cache.get(key);
  if (code === undefined) {
    code = cachedBuild(key, () => {
      const result = buildSync(buildOptions(entry, runtime, options));
      const inputs = Object.keys(result.metafile.inputs)
        .filter((input) => input !== EXPORTS_MODULE)
        .map((input) => path.resolve(WORKING_DIR, input));
      return { code: result.outputFiles[0].text, inputs };
    });
    cache.set(key, code);
  }
  return code;
}

/** Where some of a bundle's minified bytes come from: a package or a folder of this project. */
export interface BundlePart {
  /** The package's name, or the folder's path from the project's root. */
  source: string;
  bytes: number;
  /** Its files' bytes, largest first, each file by its path from the project's root. */
  files: { file: string; bytes: number }[];
}

/**
 * Where the bytes of `entry`'s bundle come from: the minified bytes each
 * package (`node_modules/<name>`) or folder of this project adds, and each
 * of its files, largest first. Built afresh, never from the cache.
 */
export function bundleComposition(
  entry: string,
  runtime: string,
  options: BundleOptions = {},
): BundlePart[] {
  const result = buildSync(buildOptions(entry, runtime, options));
  const parts = new Map<string, BundlePart>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (file === EXPORTS_MODULE) continue; // module glue, as esbuild's own
      const inPackage = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
      const source = inPackage ? inPackage[1] : path.dirname(file);
      let part = parts.get(source);
      if (part === undefined) {
        part = { source, bytes: 0, files: [] };
        parts.set(source, part);
      }
      part.bytes += bytesInOutput;
      part.files.push({ file, bytes: bytesInOutput });
    }
  }
  const largestFirst = (a: { bytes: number }, b: { bytes: number }) => b.bytes - a.bytes;
  for (const part of parts.values()) part.files.sort(largestFirst);
  return [...parts.values()].sort(largestFirst);
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
