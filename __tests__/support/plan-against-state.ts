// Plans a changed environment against the state an earlier plan of the
// original would have left, offline: plan the original, turn the plan into a
// state, plan the original again against it (so ids and ARNs that were
// unknown get their stand-ins everywhere they are referenced), then plan the
// changed environment against that state. Real Terraform decides what is
// replaced, updated or destroyed.
import * as path from "node:path";
import { App } from "cdktf";
import type { Environment } from "../../environments/schema";
import { ProtectedContentStack } from "../../stacks/protected-content-stack";
import {
  OFFLINE_CLI_CONFIG,
  offlinePlan,
  type OfflinePlanResult,
} from "../../scripts/offline-plan/plan-stack";
import { terraform, terraformEnv } from "../../scripts/offline-plan/terraform";
import { type ProviderSchemas, stateFromPlan } from "./state-from-plan";

/** Synthesizes `env` into `outdir` and returns its stack directory. */
export function synthesizeStackDir(env: Environment, outdir: string): string {
  const app = new App({ outdir });
  new ProtectedContentStack(app, env);
  app.synth();
  return path.join(outdir, "stacks", env.name);
}

async function providerSchemas(workDir: string): Promise<ProviderSchemas> {
  const env = terraformEnv(process.env, path.join(workDir, OFFLINE_CLI_CONFIG));
  const { stdout } = await terraform(["providers", "schema", "-json"], { cwd: workDir, env });
  return JSON.parse(stdout) as ProviderSchemas;
}

export interface ChangePlan {
  /** The plan of the changed environment against the earlier state. */
  plan: OfflinePlanResult;
  /** The plan of the original against the same state (what "unchanged" looks like). */
  baseline: OfflinePlanResult;
}

export async function planChange(
  before: Environment,
  after: Environment,
  root: string,
): Promise<ChangePlan> {
  const beforeDir = synthesizeStackDir(before, path.join(root, "synth-before"));
  const afterDir = synthesizeStackDir(after, path.join(root, "synth-after"));
  const first = await offlinePlan(beforeDir, { workDir: path.join(root, "first") });
  const schemas = await providerSchemas(first.workDir);
  // Each plan against the state resolves references the previous one could
  // not: two rounds leave an unchanged environment with (almost) no changes.
  let state = stateFromPlan(first.planJson, schemas) as { lineage: string; serial: number };
  let baseline = first;
  for (const round of [1, 2]) {
    baseline = await offlinePlan(beforeDir, { workDir: path.join(root, `round-${round}`), state });
    state = stateFromPlan(baseline.planJson, schemas, state) as typeof state;
  }
  const plan = await offlinePlan(afterDir, { workDir: path.join(root, "after"), state });
  return { plan, baseline };
}
