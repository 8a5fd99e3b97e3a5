// Each planned resource change as a reviewer reads it: one kind (create,
// update, replace, destroy...) instead of Terraform's action lists, the
// reason and the attributes that force a replacement, masked values, and
// what a destroy would lose.
import type { ResourceChangeJson } from "./plan-json";
import { code } from "./markdown-text";
import { formatPath, mask, type Path, valueAt } from "./values";

export type ChangeKind =
  "create" | "update" | "replace" | "destroy" | "forget" | "read" | "move" | "import" | "no-op";

export interface ResourceChangeView {
  address: string;
  type: string;
  mode: "managed" | "data";
  kind: ChangeKind;
  actions: string[];
  previousAddress?: string;
  /** Terraform's action_reason, in words. */
  reason?: string;
  /** Attributes whose change forces the replacement. */
  forcedBy: string[];
  /** Values with sensitive parts masked and unknown parts marked. */
  before: unknown;
  after: unknown;
  /** What is lost if the resource goes away (destroy or replace). */
  loses?: string;
  /** Extra facts a reviewer needs about this change. */
  notes: string[];
}

/** Resources whose replacement or destruction deletes what users or operators stored. */
const HOLDS_DATA: Record<string, string> = {
  aws_s3_bucket: "every object in the bucket",
  aws_cognito_user_pool: "every user account, password and MFA device",
  aws_dynamodb_table: "every item (signed-in sessions)",
  aws_secretsmanager_secret: "the secret's value",
  aws_cloudwatch_log_group: "its log events",
  aws_kms_key: "anything encrypted with it",
};

const REASONS: Record<string, string> = {
  replace_because_tainted: "tainted",
  replace_because_cannot_update: "an attribute that cannot be updated changed",
  replace_by_request: "replacement requested (-replace)",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "no longer in the configuration",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count index out of range",
  delete_because_each_key: "for_each key removed",
  delete_because_no_module: "module removed",
  delete_because_no_move_target: "moved target missing",
  read_because_config_unknown: "configuration known only after apply",
  read_because_dependency_pending: "depends on a pending change",
  read_because_check_nested: "read for a check block",
};

export function kindOf(rc: ResourceChangeJson): ChangeKind {
  const actions = rc.change.actions.join(",");
  switch (actions) {
    case "create":
      return "create";
    case "update":
      return "update";
    case "delete":
      return "destroy";
    case "delete,create":
    case "create,delete":
      return "replace";
    case "read":
      return "read";
    case "forget":
      return "forget";
    case "no-op":
      if (rc.previous_address && rc.previous_address !== rc.address) return "move";
      if (rc.change.importing) return "import";
      return "no-op";
    default:
      // A combination this version does not know: show it as a destroy-class
      // change so it is never hidden among the harmless ones.
      return rc.change.actions.includes("delete") ? "replace" : "update";
  }
}

function deletes(kind: ChangeKind): boolean {
  return kind === "destroy" || kind === "replace";
}

function notesFor(rc: ResourceChangeJson, kind: ChangeKind, before: unknown): string[] {
  const notes: string[] = [];
  if (rc.previous_address && rc.previous_address !== rc.address) {
    notes.push(`moved from ${code(rc.previous_address)}`);
  }
  if (rc.deposed) notes.push(`deposed object ${rc.deposed}`);
  if (!deletes(kind)) return notes;
  if (rc.type === "aws_lambda_function" && valueAt(before, ["skip_destroy"]) === true) {
    notes.push(
      "skip_destroy: Terraform only forgets the old function; delete it once CloudFront has removed its replicas",
    );
  }
  if (
    valueAt(before, ["deletion_protection"]) === "ACTIVE" ||
    valueAt(before, ["deletion_protection_enabled"]) === true
  ) {
    notes.push("deletion protection is on: the apply fails here until it is turned off");
  }
  if (rc.type === "aws_s3_bucket" && valueAt(before, ["force_destroy"]) !== true) {
    notes.push("force_destroy is off: the apply fails here unless the bucket is empty");
  }
  return notes;
}

export function viewOf(rc: ResourceChangeJson): ResourceChangeView {
  const kind = kindOf(rc);
  const before = mask(rc.change.before, rc.change.before_sensitive);
  const after = mask(rc.change.after, rc.change.after_sensitive, rc.change.after_unknown);
  const view: ResourceChangeView = {
    address: rc.address,
    type: rc.type,
    mode: rc.mode,
    kind,
    actions: [...rc.change.actions],
    forcedBy: (rc.change.replace_paths ?? []).map((p: Path) => formatPath(p)),
    before,
    after,
    notes: notesFor(rc, kind, before),
  };
  if (rc.previous_address) view.previousAddress = rc.previous_address;
  if (rc.action_reason) view.reason = REASONS[rc.action_reason] ?? rc.action_reason;
  if (rc.mode === "managed" && deletes(kind) && HOLDS_DATA[rc.type])
    view.loses = HOLDS_DATA[rc.type];
  return view;
}
