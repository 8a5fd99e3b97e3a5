// A synthesized stack directory (cdk.tf.json and assets/, as cdktf synth
// writes it) for local-edge tests of a changed environment, a content
// folder, and bundles swapped for misbehaving ones, all in temp dirs removed
// by cleanup(). A shipped environment used as it is comes from
// shippedStackDir() (support/shipped-plans.ts) instead: synthesized once per
// test run and shared, so tests only read it (withBundles copies it first).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import type { Environment } from "../../../environments/schema";
import { ProtectedContentStack } from "../../../stacks/protected-content-stack";

const made: string[] = [];

/** Synthesizes `env` as `cdktf synth` would and returns cdktf.out/stacks/<env>. */
export function synthStackDir(env: Environment): string {
  const stack = new ProtectedContentStack(Testing.app(), env);
  const outdir = Testing.fullSynth(stack);
  made.push(outdir);
  return path.join(outdir, "stacks", env.name);
}

/** A content folder holding `files` (key -> text). */
export function contentDir(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-content-"));
  made.push(root);
  for (const [key, text] of Object.entries(files)) {
    const file = path.join(root, ...key.split("/"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/** A copy of `stackDir` whose every bundle is `code` (a function that misbehaves on purpose). */
export function withBundles(stackDir: string, code: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-stack-"));
  made.push(copy);
  fs.cpSync(stackDir, copy, { recursive: true });
  const assets = path.join(copy, "assets");
  for (const file of fs.readdirSync(assets, { recursive: true }) as string[]) {
    if (path.basename(file) === "index.js") fs.writeFileSync(path.join(assets, file), code);
  }
  return copy;
}

export function cleanup(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
