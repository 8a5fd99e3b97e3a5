// Plans a changed environment against the state an earlier plan of the
// original would have left, offline: the original's shared plan turned into a
// state, planned against again (so ids and ARNs that were unknown get their
// stand-ins everywhere they are referenced), then the changed environment
// planned against that state. Real Terraform decides what is replaced,
// updated or destroyed.
import * as path from "node:path";
import { App } from "cdktf";
import type { Environment } from "../../environments/schema";
import { ProtectedContentStack } from "../../stacks/protected-content-stack";
import { OFFLINE_CLI_CONFIG, type OfflinePlanResult } from "../../scripts/offline-plan/plan-stack";
import { terraform, terraformEnv } from "../../scripts/offline-plan/terraform";
import { once, runDir, withPlanSlot } from "./run-once";
import { planInRun, shippedPlan, shippedStackDir } from "./shipped-plans";
import { type ProviderSchemas, stateFromPlan } from "./state-from-plan";

/** Synthesizes `env` into `outdir` and returns its stack directory. */
export function synthesizeStackDir(env: Environment, outdir: string): string {
  const app = new App({ outdir });
  new ProtectedContentStack(app, env);
  app.synth();
  return path.join(outdir, "stacks", env.name);
}

/** The AWS provider's schemas, read once per run from an initialized work dir. */
function providerSchemas(workDir: string): Promise<ProviderSchemas> {
  return once("provider-schemas", () =>
    withPlanSlot(async () => {
      const env = terraformEnv(process.env, path.join(workDir, OFFLINE_CLI_CONFIG));
      const { stdout } = await terraform(["providers", "schema", "-json"], { cwd: workDir, env });
      return JSON.parse(stdout) as ProviderSchemas;
    }),
  );
}

export interface ChangePlan {
  /** The plan of the changed environment against the earlier state. */
  plan: OfflinePlanResult;
  /** The plan of the original against the same state (what "unchanged" looks like). */
  baseline: OfflinePlanResult;
}

type State = { lineage: string; serial: number };

/**
 * The state a shipped environment's first apply would leave, offline: its
 * shared plan turned into a state, then planned against twice (each round
 * resolves references the previous one could not), so an unchanged
 * environment plans (almost) no changes. Built once per run.
 */
export function shippedState(name: string): Promise<{ state: State; baseline: OfflinePlanResult }> {
  return once(`state-shipped-${name}`, async () => {
    const [first, beforeDir] = await Promise.all([shippedPlan(name), shippedStackDir(name)]);
    const schemas = await providerSchemas(first.workDir);
    let state = stateFromPlan(first.planJson, schemas) as State;
    let baseline = first;
    for (const round of [1, 2]) {
      const workDir = path.join(runDir(), "shipped-states", name, `round-${round}`);
      // A round only feeds the next state and the baseline's resource
      // changes; the shipped plan already validated this configuration.
      const skip = { validate: true, text: true };
      baseline = await planInRun(beforeDir, { workDir, state, skip });
      state = stateFromPlan(baseline.planJson, schemas, state) as State;
    }
    return { state, baseline };
  });
}

/** Plans `after`, a changed shipped environment, against the state its shipped version leaves. */
export async function planChange(
  shippedName: string,
  after: Environment,
  root: string,
): Promise<ChangePlan> {
  const afterDir = synthesizeStackDir(after, path.join(root, "synth-after"));
  const { state, baseline } = await shippedState(shippedName);
  const workDir = path.join(root, "after");
  // The summary is what the change scenarios check; `terraform plan` itself
  // still refuses an invalid configuration.
  const skip = { validate: true };
  const plan = await planInRun(afterDir, { workDir, state, skip });
  return { plan, baseline };
}
