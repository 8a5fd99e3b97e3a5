// The attributes whose change alters who can read what: bucket policy and
// public access block, CloudFront's trusted key groups and function
// associations, IAM policies, Cognito client and pool settings, and the
// runtime config of every function (edge config.json, regional environment).
// Each change to one of them becomes a finding with lines a reviewer checks.
import type { ChangeKind, ResourceChangeView } from "./changes";
import { code } from "./markdown-text";
import { policyChanges } from "./policy-diff";
import {
  changedLeaves,
  formatPath,
  formatValue,
  Masked,
  parseJsonDocument,
  type Path,
  valueAt,
} from "./values";

/** How one attribute is compared. */
interface Watched {
  path: Path;
  label: string;
  /** policy: an IAM-style JSON document; config: a JSON object (or a string holding one). */
  as?: "policy" | "config";
  /** Only leaf changes under one of these keys count (nested blocks with harmless neighbours). */
  only?: string[];
  /** A list of blocks matched by this field instead of by position. */
  keyBy?: string;
}

interface Rule {
  what: string;
  watch: Watched[];
  /** Applies only when this holds (e.g. the terraform_data that records an edge config). */
  when?: (change: ResourceChangeView) => boolean;
}

const BEHAVIOUR_KEYS = [
  "trusted_key_groups",
  "trusted_signers",
  "lambda_function_association",
  "function_association",
  "viewer_protocol_policy",
  "target_origin_id",
  "origin_request_policy_id",
  "cache_policy_id",
  "response_headers_policy_id",
];

/** Key of the edge config record's input that holds the function's config.json. */
export const EDGE_CONFIG_KEY = "config.json";

const RULES: Record<string, Rule> = {
  aws_s3_bucket_policy: {
    what: "bucket policy",
    watch: [{ path: ["policy"], label: "policy", as: "policy" }],
  },
  aws_s3_bucket_public_access_block: {
    what: "public access block",
    watch: [
      "block_public_acls",
      "block_public_policy",
      "ignore_public_acls",
      "restrict_public_buckets",
    ].map((key) => ({ path: [key], label: key })),
  },
  aws_s3_bucket_ownership_controls: {
    what: "bucket ownership",
    watch: [{ path: ["rule"], label: "rule" }],
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    what: "bucket encryption",
    watch: [{ path: ["rule"], label: "rule" }],
  },
  aws_s3_bucket_acl: {
    what: "bucket ACL",
    watch: [
      { path: ["acl"], label: "acl" },
      { path: ["access_control_policy"], label: "grants" },
    ],
  },
  aws_cloudfront_distribution: {
    what: "distribution",
    watch: [
      { path: ["default_cache_behavior"], label: "default behaviour", only: BEHAVIOUR_KEYS },
      {
        path: ["ordered_cache_behavior"],
        label: "behaviour",
        only: BEHAVIOUR_KEYS,
        keyBy: "path_pattern",
      },
      {
        path: ["origin"],
        label: "origin",
        only: [
          "origin_access_control_id",
          "domain_name",
          "s3_origin_config",
          "custom_origin_config",
        ],
        keyBy: "origin_id",
      },
      {
        path: ["viewer_certificate"],
        label: "viewer certificate",
        only: ["minimum_protocol_version", "ssl_support_method", "cloudfront_default_certificate"],
      },
      { path: ["custom_error_response"], label: "custom error responses" },
      { path: ["web_acl_id"], label: "web ACL" },
      { path: ["aliases"], label: "aliases" },
    ],
  },
  aws_cloudfront_key_group: {
    what: "trusted key group",
    watch: [{ path: ["items"], label: "public keys" }],
  },
  aws_cloudfront_public_key: {
    what: "CloudFront public key",
    watch: [{ path: ["encoded_key"], label: "encoded_key" }],
  },
  aws_cloudfront_origin_access_control: {
    what: "origin access control",
    watch: [
      { path: ["signing_behavior"], label: "signing_behavior" },
      { path: ["signing_protocol"], label: "signing_protocol" },
    ],
  },
  aws_iam_role: {
    what: "IAM role",
    watch: [
      { path: ["assume_role_policy"], label: "trust policy", as: "policy" },
      { path: ["managed_policy_arns"], label: "managed policies" },
      { path: ["permissions_boundary"], label: "permissions boundary" },
    ],
  },
  aws_iam_role_policy: {
    what: "IAM role policy",
    watch: [{ path: ["policy"], label: "policy", as: "policy" }],
  },
  aws_iam_policy: {
    what: "IAM policy",
    watch: [{ path: ["policy"], label: "policy", as: "policy" }],
  },
  aws_iam_role_policy_attachment: {
    what: "IAM policy attachment",
    watch: [{ path: ["policy_arn"], label: "policy_arn" }],
  },
  aws_lambda_permission: {
    what: "Lambda invoke permission",
    watch: ["action", "principal", "source_arn", "function_url_auth_type"].map((key) => ({
      path: [key],
      label: key,
    })),
  },
  aws_lambda_function: {
    what: "function",
    watch: [
      { path: ["role"], label: "role" },
      { path: ["environment", 0, "variables"], label: "environment", as: "config" },
    ],
  },
  aws_lambda_function_url: {
    what: "function URL",
    watch: [{ path: ["authorization_type"], label: "authorization_type" }],
  },
  terraform_data: {
    what: "edge function config.json",
    watch: [{ path: ["input", EDGE_CONFIG_KEY], label: "config.json", as: "config" }],
    when: (c) =>
      valueAt(c.after, ["input", EDGE_CONFIG_KEY]) !== undefined ||
      valueAt(c.before, ["input", EDGE_CONFIG_KEY]) !== undefined,
  },
  aws_cognito_user_pool: {
    what: "user pool",
    watch: [
      { path: ["password_policy"], label: "password policy" },
      { path: ["mfa_configuration"], label: "MFA" },
      { path: ["admin_create_user_config"], label: "sign-up" },
      { path: ["user_pool_add_ons"], label: "advanced security" },
      { path: ["account_recovery_setting"], label: "account recovery" },
      { path: ["deletion_protection"], label: "deletion protection" },
    ],
  },
  aws_cognito_user_pool_client: {
    what: "app client",
    watch: [
      "callback_urls",
      "logout_urls",
      "allowed_oauth_flows",
      "allowed_oauth_scopes",
      "explicit_auth_flows",
      "generate_secret",
      "access_token_validity",
      "id_token_validity",
      "refresh_token_validity",
      "enable_token_revocation",
      "prevent_user_existence_errors",
    ].map((key) => ({ path: [key], label: key })),
  },
  aws_apigatewayv2_route: {
    what: "API route",
    watch: [{ path: ["authorization_type"], label: "authorization_type" }],
  },
  aws_dynamodb_table: {
    what: "session table",
    watch: [
      { path: ["server_side_encryption"], label: "encryption" },
      { path: ["point_in_time_recovery"], label: "point-in-time recovery" },
      { path: ["deletion_protection_enabled"], label: "deletion protection" },
      { path: ["ttl"], label: "TTL" },
    ],
  },
};

export interface SecurityFinding {
  address: string;
  type: string;
  kind: ChangeKind;
  what: string;
  lines: string[];
}

/** A list of blocks as an object keyed by `field`, so inserting one does not shift the rest. */
function keyed(value: unknown, field: string): unknown {
  if (!Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  value.forEach((block, i) => {
    const key =
      typeof block === "object" && block !== null
        ? (block as Record<string, unknown>)[field]
        : undefined;
    out[typeof key === "string" ? key : `#${i}`] = block;
  });
  return out;
}

function asConfig(value: unknown): unknown {
  if (value instanceof Masked || value === undefined || value === null) return value;
  if (typeof value === "string") return parseJsonDocument(value) ?? value;
  if (typeof value === "object" && !Array.isArray(value)) {
    // Environment variables: each JSON-valued one becomes an object to compare key by key.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = typeof v === "string" ? (parseJsonDocument(v) ?? v) : v;
    return out;
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** A block Terraform holds as a list of at most one (default_cache_behavior, password_policy). */
function single(value: unknown): unknown {
  return Array.isArray(value) &&
    value.length === 1 &&
    typeof value[0] === "object" &&
    value[0] !== null &&
    !Array.isArray(value[0])
    ? value[0]
    : value;
}

function attributeLines(watched: Watched, before: unknown, after: unknown): string[] {
  if (watched.as === "policy") {
    const lines = policyChanges(before, after);
    if (lines) return lines.map((line) => `${watched.label}: ${line}`);
  }
  let old = watched.as === "config" ? asConfig(before) : before;
  let now = watched.as === "config" ? asConfig(after) : after;
  const whole: string[] = [];
  if (watched.keyBy) {
    old = keyed(old, watched.keyBy);
    now = keyed(now, watched.keyBy);
    // A block added or removed as a whole is one line, not one per setting.
    for (const key of Object.keys(isObjectValue(old) ? old : {})) {
      if (!isObjectValue(now) || !(key in now)) whole.push(`${watched.label} ${code(key)} removed`);
    }
    for (const key of Object.keys(isObjectValue(now) ? now : {})) {
      if (old !== undefined && (!isObjectValue(old) || !(key in old)))
        whole.push(`${watched.label} ${code(key)} added`);
    }
    const common = (side: unknown, other: unknown) =>
      isObjectValue(side)
        ? Object.fromEntries(
            Object.entries(side).filter(
              ([k]) => old === undefined || (isObjectValue(other) && k in other),
            ),
          )
        : side;
    [old, now] = [common(old, now), common(now, old)];
  }
  if (watched.as === "policy" && now === Masked.UNKNOWN && old !== undefined) {
    const statements = policyChanges(old, undefined);
    const count = statements ? `${statements.length} statement(s)` : "a document";
    return [`${watched.label}: recomputed at apply from values not known yet (now ${count})`];
  }
  return [...whole, ...leafLines(watched, old, now)];
}

function isObjectValue(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Masked)
  );
}

function leafLines(watched: Watched, old: unknown, now: unknown): string[] {
  return (
    changedLeaves(single(old), single(now))
      .filter(
        (leaf) =>
          !watched.only ||
          leaf.path.some((k) => typeof k === "string" && watched.only!.includes(k)),
      )
      // A new resource's empty settings say nothing: show what it sets.
      .filter((leaf) => !(leaf.before === undefined && isEmpty(leaf.after)))
      // ...nor its nested values computed at apply (ids, ARNs of sibling resources).
      .filter(
        (leaf) =>
          !(leaf.before === undefined && leaf.path.length > 0 && leaf.after === Masked.UNKNOWN),
      )
      .map((leaf) => {
        const where =
          leaf.path.length > 0 ? `${watched.label} ${code(formatPath(leaf.path))}` : watched.label;
        if (leaf.before === undefined) return `${where}: ${code(formatValue(leaf.after))} (new)`;
        if (leaf.after === undefined) return `${where}: ${code(formatValue(leaf.before))} removed`;
        return `${where}: ${code(formatValue(leaf.before))} → ${code(formatValue(leaf.after))}`;
      })
  );
}

/** The security-relevant findings of one change; none for no-ops, reads, moves. */
export function securityFindings(change: ResourceChangeView): SecurityFinding[] {
  const rule = RULES[change.type];
  if (!rule || change.mode !== "managed") return [];
  if (!["create", "update", "replace", "destroy", "forget"].includes(change.kind)) return [];
  if (rule.when && !rule.when(change)) return [];
  const base = { address: change.address, type: change.type, kind: change.kind, what: rule.what };
  if (change.kind === "destroy" || change.kind === "forget") {
    return [{ ...base, lines: [`${rule.what} removed`] }];
  }
  const before = change.kind === "create" ? undefined : change.before;
  const lines = rule.watch.flatMap((watched) =>
    attributeLines(watched, valueAt(before, watched.path), valueAt(change.after, watched.path)),
  );
  return lines.length > 0 ? [{ ...base, lines }] : [];
}
