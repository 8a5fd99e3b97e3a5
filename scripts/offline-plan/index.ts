// The offline plan library: shim, override, Terraform runner and summary.
export { offlinePlan, PROJECT_ROOT, STACK_FILE } from "./plan-stack";
export type { OfflinePlanOptions, OfflinePlanResult } from "./plan-stack";
export { shimStack, rewriteReferences } from "./shim";
export type { Replacement, ShimResult } from "./shim";
export { buildOverride, OVERRIDE_FILE, OFFLINE_STATE_FILE } from "./override";
export { summarizePlan, summaryLine } from "./plan-summary";
export type { PlanSummary, ResourceChange } from "./plan-summary";
export { OFFLINE_JWKS, escapeTemplate } from "./stand-ins";
export {
  checkPluginMirror,
  checkTerraform,
  DEFAULT_PLUGIN_DIR,
  PLUGIN_DIR_VARIABLE,
} from "./terraform";
