// A plan JSON turned into what a pull-request reviewer needs: counts per kind
// of change, the replaced and destroyed resources first, and the
// security-relevant findings. Rendering is markdown.ts's job.
import { type ChangeKind, type ResourceChangeView, viewOf } from "./changes";
import { codeChanges, type CodeChange } from "./code-changes";
import { readPlanJson } from "./plan-json";
import { reachabilityLines } from "./reachability";
import { securityFindings, type SecurityFinding } from "./security";

export type Counts = Record<Exclude<ChangeKind, "no-op">, number>;

export interface PlanReview {
  terraformVersion?: string;
  /** Resource instances per kind of change (a replacement counts once, as a replacement). */
  counts: Counts;
  /** Every managed resource change except no-ops, in plan order. */
  changes: ResourceChangeView[];
  /** Replacements, destructions and forgets: what the reviewer looks at first. */
  destructive: ResourceChangeView[];
  findings: SecurityFinding[];
  /** Changes that make the regional login origin reachable without CloudFront. */
  reachability: string[];
  /** Functions whose code (bundle hash) changes. */
  code: CodeChange[];
  /** Resources changed outside Terraform since the last apply (refreshing plans only). */
  drifted: string[];
  /** Root outputs that change. */
  outputs: string[];
  /** Offline stand-ins left out of everything above. */
  standIns: string[];
  /** Terraform could not finish the plan (`errored`): nothing here is complete. */
  errored: boolean;
}

export interface ReviewOptions {
  /** Addresses of resources to leave out (the offline plan's terraform_data stand-ins). */
  standIns?: ReadonlySet<string>;
  /** Where the JSON came from, for error messages. */
  source?: string;
}

const DESTRUCTIVE: ChangeKind[] = ["replace", "destroy", "forget"];

export function emptyCounts(): Counts {
  return { create: 0, update: 0, replace: 0, destroy: 0, forget: 0, read: 0, move: 0, import: 0 };
}

export function reviewPlan(planJson: unknown, options: ReviewOptions = {}): PlanReview {
  const plan = readPlanJson(planJson, options.source);
  const standIns = options.standIns ?? new Set<string>();
  const counts = emptyCounts();
  const changes: ResourceChangeView[] = [];
  const skipped: string[] = [];
  for (const rc of plan.resource_changes) {
    if (standIns.has(rc.address)) {
      skipped.push(rc.address);
      continue;
    }
    const view = viewOf(rc);
    // Data sources read during apply are worth a count, not a row.
    if (view.kind === "no-op") continue;
    counts[view.kind] += 1;
    if (view.mode === "managed") changes.push(view);
  }
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => !(change.actions ?? []).every((a) => a === "no-op"))
    .map(([name]) => name);
  return {
    terraformVersion: plan.terraform_version,
    counts,
    changes,
    destructive: changes.filter((c) => DESTRUCTIVE.includes(c.kind)),
    findings: changes.flatMap(securityFindings),
    reachability: reachabilityLines(changes),
    code: codeChanges(changes),
    drifted: (plan.resource_drift ?? []).map((rc) => rc.address),
    outputs,
    standIns: skipped,
    errored: plan.errored === true,
  };
}
