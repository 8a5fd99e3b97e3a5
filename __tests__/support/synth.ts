// Synthesizes a stack for an environment with cdktf's Testing helpers and
// offers typed look-ups into the synthesized JSON.
import * as fs from "node:fs";
import { Testing } from "cdktf";
import type { Environment, EnvironmentInput } from "../../environments/schema";
import { environmentSchema } from "../../environments/schema";
import { loadEnvironments } from "../../environments/schema/load";
import { ProtectedContentStack } from "../../stacks/protected-content-stack";

export type Block = Record<string, unknown>;
export interface SynthesizedStack {
  /** The synthesized JSON text, for cdktf's matchers and snapshots. */
  text: string;
  json: {
    provider: Record<string, Block[]>;
    terraform: { backend: Record<string, Block>; required_providers: Record<string, Block> };
    resource: Record<string, Record<string, Block>>;
    data: Record<string, Record<string, Block>>;
    output: Record<string, Block>;
  };
}

export function shippedEnvironment(name: string): Environment {
  const env = loadEnvironments().find((e) => e.name === name);
  if (!env) throw new Error(`no shipped environment ${name}`);
  return env;
}

/** A shipped environment with changes, validated like a real file. */
export function variantOf(name: string, change: (input: EnvironmentInput) => void): Environment {
  const input = JSON.parse(JSON.stringify(shippedEnvironment(name))) as EnvironmentInput;
  change(input);
  return environmentSchema.parse(input);
}

const outdirs: string[] = [];

export function synthesize(env: Environment): SynthesizedStack {
  const app = Testing.app();
  outdirs.push(app.outdir);
  const stack = new ProtectedContentStack(app, env);
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) };
}

/**
 * The synthesized JSON with the code's fingerprints (asset directory hash,
 * code record) blanked: the bundles are pinned by their own tests, and a
 * snapshot that changed with every code change would be approved unread.
 */
export function withoutBundles(s: SynthesizedStack): unknown {
  const text = s.text.replace(/(assets\/[\w-]+\/)[0-9a-f]{32}(\/index\.js)/g, "$1<hash>$2");
  const parsed = JSON.parse(text) as SynthesizedStack["json"];
  for (const record of Object.values(parsed.resource.terraform_data ?? {})) {
    const input = record.input as Record<string, unknown>;
    if (input["index.js"] !== undefined) input["index.js"] = "<sha256 and size of the bundle>";
  }
  return parsed;
}

/** The single block of `type` (fails if there are none or several). */
export function only(blocks: Record<string, Block> | undefined, type: string): Block {
  const all = Object.values(blocks ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

export function resourcesOf(stack: SynthesizedStack, type: string): Block[] {
  return Object.values(stack.json.resource[type] ?? {});
}

export function resourceOf(stack: SynthesizedStack, type: string): Block {
  return only(stack.json.resource[type], type);
}

export function dataOf(stack: SynthesizedStack, type: string): Block {
  return only(stack.json.data[type], type);
}

/** Removes the cdktf.outdir.* folders this file's Testing.app() calls left in the temp dir. */
export function removeTestingOutdirs(): void {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** An IAM policy statement as the stack renders it. */
export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document held as JSON text in the synthesized config. */
export function policyStatements(policy: unknown): PolicyStatement[] {
  return (JSON.parse(String(policy)) as { Statement: PolicyStatement[] }).Statement;
}
