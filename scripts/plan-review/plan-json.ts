// The part of Terraform's machine-readable plan (`terraform show -json
// <planfile>`, format 1.x) that a review needs, checked once on the way in so
// a wrong file fails with what it is instead of an empty summary.

/** One resource instance's planned change (`resource_changes[]`). */
export interface ResourceChangeJson {
  address: string;
  previous_address?: string;
  module_address?: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: unknown;
  provider_name?: string;
  deposed?: string;
  action_reason?: string;
  change: ChangeJson;
}

export interface ChangeJson {
  actions: string[];
  before?: unknown;
  after?: unknown;
  /** Same shape as `after`, `true` where the value is known only after apply. */
  after_unknown?: unknown;
  /** Same shape as `before`/`after`, `true` where the value is sensitive (or `true` for all of it). */
  before_sensitive?: unknown;
  after_sensitive?: unknown;
  /** Attribute paths whose change forces the replacement. */
  replace_paths?: (string | number)[][];
  importing?: unknown;
}

export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  resource_changes: ResourceChangeJson[];
  resource_drift?: ResourceChangeJson[];
  output_changes?: Record<string, ChangeJson>;
  errored?: boolean;
  complete?: boolean;
  applyable?: boolean;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The plan JSON, checked: a format 1.x plan (not a state file, not
 * `terraform show -json` of a state) whose resource changes have the fields
 * the review reads. Throws naming `source` and what is wrong.
 */
export function readPlanJson(value: unknown, source = "plan JSON"): PlanJson {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(
      `${source}: expected the object \`terraform show -json <planfile>\` prints; got ${describe(value)}`,
    );
  }
  const plan = value as Record<string, unknown>;
  const format = plan.format_version;
  if (typeof format !== "string" || !/^1\.\d+$/.test(format)) {
    throw new Error(
      `${source}: format_version must be "1.x" (Terraform's plan JSON format); got ${JSON.stringify(format)}`,
    );
  }
  if (!("planned_values" in plan) && "values" in plan) {
    throw new Error(
      `${source}: this is the JSON of a state, not of a plan: run \`terraform show -json <planfile>\``,
    );
  }
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) {
    throw new Error(`${source}: resource_changes must be an array; got ${describe(changes)}`);
  }
  changes.forEach((rc: unknown, i) => {
    const where = `${source}: resource_changes[${i}]`;
    if (typeof rc !== "object" || rc === null)
      throw new Error(`${where}: expected an object; got ${describe(rc)}`);
    const r = rc as Record<string, unknown>;
    for (const key of ["address", "type", "name", "mode"]) {
      if (typeof r[key] !== "string")
        throw new Error(`${where}: ${key} must be a string; got ${describe(r[key])}`);
    }
    const change = r.change as Record<string, unknown> | undefined;
    if (typeof change !== "object" || change === null || !Array.isArray(change.actions)) {
      throw new Error(`${where} (${String(r.address)}): change.actions must be an array`);
    }
  });
  return { ...(plan as unknown as PlanJson), resource_changes: changes as ResourceChangeJson[] };
}
