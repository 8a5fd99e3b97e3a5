// The shipped environments synthesized once per test run and each planned
// offline once per run, shared by every suite that reads a plan (offline
// plan checks, plan summaries, change scenarios planned against them).
import * as path from "node:path";
import { App } from "cdktf";
import { loadEnvironments } from "../../environments/schema/load";
import {
  initOfflineWorkDir,
  offlinePlan,
  type OfflinePlanOptions,
  type OfflinePlanResult,
} from "../../scripts/offline-plan/plan-stack";
import { ProtectedContentStack } from "../../stacks/protected-content-stack";
import { once, runDir, withPlanSlot } from "./run-once";

/**
 * How long a suite waits for its plans: a safety net against a hang, far
 * beyond what a loaded machine needs (the verdict never rides on it).
 */
export const PLAN_HOOK_TIMEOUT_MS = 30 * 60_000;

/** The cdktf outdir holding every shipped environment's stack, synthesized once per run. */
export function shippedOutdir(): Promise<string> {
  return once("synth-shipped", async () => {
    const outdir = path.join(runDir(), "shipped-synth");
    const app = new App({ outdir });
    for (const env of loadEnvironments()) new ProtectedContentStack(app, env);
    app.synth();
    return outdir;
  });
}

export async function shippedStackDir(name: string): Promise<string> {
  return path.join(await shippedOutdir(), "stacks", name);
}

/**
 * A work dir where `terraform init` ran once for the whole run (the first
 * shipped stack's): the plans of shipped and changed stacks copy its init
 * (`initFrom`) instead of each hashing the provider again. The offline-plan
 * suite still runs init itself.
 */
function initializedWorkDir(): Promise<string> {
  return once("terraform-init", async () => {
    const [first] = loadEnvironments();
    return initOfflineWorkDir(await shippedStackDir(first.name), {
      workDir: path.join(runDir(), "terraform-init"),
    });
  });
}

/**
 * An offline plan within the run's plan slots, copying the run's one
 * `terraform init`: how every suite plans a shipped or changed stack.
 */
export async function planInRun(
  stackDir: string,
  options: OfflinePlanOptions,
): Promise<OfflinePlanResult> {
  const initFrom = await initializedWorkDir();
  return withPlanSlot(() => offlinePlan(stackDir, { ...options, initFrom }));
}

/** The offline plan of a shipped environment (all creates), made once per run. */
export function shippedPlan(name: string): Promise<OfflinePlanResult> {
  return once(`plan-shipped-${name}`, async () => {
    const stackDir = await shippedStackDir(name);
    // No `terraform validate` run: `terraform plan` refuses an invalid
    // configuration itself, and no suite reads validate's warnings (the
    // offline-plan suite runs the whole sequence, validate included).
    const workDir = path.join(runDir(), "shipped-plans", name);
    return planInRun(stackDir, { workDir, skip: { validate: true } });
  });
}

/** Every shipped environment's plan, by name (planned within the run's plan slots). */
export async function shippedPlans(): Promise<Map<string, OfflinePlanResult>> {
  const names = loadEnvironments().map((env) => env.name);
  const plans = await Promise.all(names.map(shippedPlan));
  return new Map(names.map((name, i) => [name, plans[i]]));
}
