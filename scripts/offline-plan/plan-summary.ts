// Reads `terraform show -json` output into the figures a reviewer or a test
// wants, leaving out the terraform_data stand-ins: they exist only offline
// (the shipped stack reads data sources there), so they are not the stack's.

export interface ResourceChange {
  address: string;
  type: string;
  actions: string[];
}

export interface PlanSummary {
  resourceChanges: ResourceChange[];
  /** Managed resource instances with a planned action (not no-op), by type. */
  countsByType: Record<string, number>;
  toAdd: number;
  toChange: number;
  toDestroy: number;
}

interface RawChange {
  address: string;
  mode: string;
  type: string;
  name: string;
  module_address?: string;
  change: { actions: string[] };
}

/**
 * @param standIns names of the terraform_data resources that replaced data
 * sources (root module only, as the shim makes them).
 */
export function summarizePlan(planJson: unknown, standIns: ReadonlySet<string>): PlanSummary {
  const raw = ((planJson as { resource_changes?: RawChange[] }).resource_changes ?? []).filter(
    (rc) =>
      rc.mode === "managed" &&
      !(rc.type === "terraform_data" && !rc.module_address && standIns.has(rc.name)),
  );
  const summary: PlanSummary = {
    resourceChanges: raw.map((rc) => ({
      address: rc.address,
      type: rc.type,
      actions: [...rc.change.actions],
    })),
    countsByType: {},
    toAdd: 0,
    toChange: 0,
    toDestroy: 0,
  };
  for (const { type, actions } of summary.resourceChanges) {
    // Same arithmetic as Terraform's "Plan:" line: a replacement counts as one
    // add and one destroy.
    if (actions.includes("create")) summary.toAdd += 1;
    if (actions.includes("update")) summary.toChange += 1;
    if (actions.includes("delete")) summary.toDestroy += 1;
    if (!actions.every((a) => a === "no-op" || a === "read")) {
      summary.countsByType[type] = (summary.countsByType[type] ?? 0) + 1;
    }
  }
  return summary;
}

/** "dev: 23 to add, 0 to change, 0 to destroy" */
export function summaryLine(name: string, summary: PlanSummary): string {
  return `${name}: ${summary.toAdd} to add, ${summary.toChange} to change, ${summary.toDestroy} to destroy`;
}
