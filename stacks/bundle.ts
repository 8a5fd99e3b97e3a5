// esbuild bundles of the function handlers, made at synth time and escaped
// for Terraform: every string Terraform reads is a template, so `${` and `%{`
// in the bundle must become `$${` and `%%{`.
import * as path from "node:path";
import { buildSync } from "esbuild";

const cache = new Map<string, string>();

/** Edge bundles reach the network through fetch only; see functions/shared/no-node-https.ts. */
const EDGE_ALIASES = {
  https: path.resolve(__dirname, "../functions/shared/no-node-https.ts"),
};

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
    });
    code = result.outputFiles[0].text;
    cache.set(key, code);
  }
  return code;
}

/** Escapes Terraform template sequences; a replacer function, since "$$" means "$" in a replacement string. */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
