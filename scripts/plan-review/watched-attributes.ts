// Which attributes of which resource types are security-relevant, and how
// each is compared: the table the plan review's findings are made from.
import type { ResourceChangeView } from "./changes";
import { valueAt, type Path } from "./values";

/** How one attribute is compared. */
export interface Watched {
  path: Path;
  label: string;
  /** policy: an IAM-style JSON document; config: a JSON object (or a string holding one). */
  as?: "policy" | "config";
  /** Only leaf changes under one of these keys count (nested blocks with harmless neighbours). */
  only?: string[];
  /** A list of blocks matched by this field instead of by position. */
  keyBy?: string;
}

export interface Rule {
  what: string;
  watch: Watched[];
  /** Applies only when this holds (e.g. the terraform_data that records an edge config). */
  when?: (change: ResourceChangeView) => boolean;
}

/** Top-level attributes shown under their own names. */
function byName(...keys: string[]): Watched[] {
  return keys.map((key) => ({ path: [key], label: key }));
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

export const RULES: Record<string, Rule> = {
  aws_s3_bucket_policy: {
    what: "bucket policy",
    watch: [{ path: ["policy"], label: "policy", as: "policy" }],
  },
  aws_s3_bucket_public_access_block: {
    what: "public access block",
    watch: byName(
      "block_public_acls",
      "block_public_policy",
      "ignore_public_acls",
      "restrict_public_buckets",
    ),
  },
  aws_s3_bucket_ownership_controls: {
    what: "bucket ownership",
    watch: byName("rule"),
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    what: "bucket encryption",
    watch: byName("rule"),
  },
  aws_s3_bucket_acl: {
    what: "bucket ACL",
    watch: [...byName("acl"), { path: ["access_control_policy"], label: "grants" }],
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
      ...byName("aliases"),
    ],
  },
  aws_cloudfront_key_group: {
    what: "trusted key group",
    watch: [{ path: ["items"], label: "public keys" }],
  },
  aws_cloudfront_public_key: {
    what: "CloudFront public key",
    watch: byName("encoded_key"),
  },
  aws_cloudfront_origin_access_control: {
    what: "origin access control",
    watch: byName("origin_access_control_origin_type", "signing_behavior", "signing_protocol"),
  },
  aws_cloudfront_function: {
    what: "CloudFront Function",
    watch: byName("code", "runtime"),
  },
  aws_ssm_parameter: {
    what: "login function config",
    // The regional functions' config lives here, not in their environment.
    watch: [{ path: ["insecure_value"], label: "config", as: "config" }],
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
    watch: byName("policy_arn"),
  },
  aws_lambda_permission: {
    what: "Lambda invoke permission",
    watch: byName("action", "principal", "source_arn", "function_url_auth_type"),
  },
  aws_lambda_function: {
    what: "function",
    watch: [
      ...byName("role", "reserved_concurrent_executions"),
      { path: ["environment", 0, "variables"], label: "environment", as: "config" },
    ],
  },
  aws_lambda_function_url: {
    what: "function URL",
    watch: byName("authorization_type"),
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
      { path: ["user_pool_add_ons"], label: "threat protection" },
      { path: ["user_pool_tier"], label: "feature plan" },
      { path: ["account_recovery_setting"], label: "account recovery" },
      { path: ["deletion_protection"], label: "deletion protection" },
    ],
  },
  aws_cognito_user_pool_client: {
    what: "app client",
    watch: byName(
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
    ),
  },
  aws_apigatewayv2_route: {
    what: "API route",
    watch: byName("authorization_type"),
  },
  aws_apigatewayv2_stage: {
    what: "API stage",
    watch: [
      {
        path: ["default_route_settings"],
        label: "throttling",
        only: ["throttling_burst_limit", "throttling_rate_limit"],
      },
      {
        path: ["route_settings"],
        label: "route throttling",
        only: ["throttling_burst_limit", "throttling_rate_limit"],
        keyBy: "route_key",
      },
      // Its format must name $context variables only, never a credential.
      { path: ["access_log_settings"], label: "access logs" },
    ],
  },
  aws_wafv2_web_acl: {
    what: "web ACL",
    watch: [
      { path: ["default_action"], label: "default action" },
      // Matched by name: switching one rule off must not show every later one as changed.
      { path: ["rule"], label: "rule", keyBy: "name" },
      ...byName("scope"),
    ],
  },
  aws_cloudwatch_log_delivery: {
    what: "access log delivery",
    watch: [
      { path: ["record_fields"], label: "logged fields" },
      ...byName("delivery_destination_arn"),
    ],
  },
  aws_cloudwatch_log_delivery_destination: {
    what: "access log destination",
    watch: [{ path: ["delivery_destination_configuration"], label: "destination" }],
  },
  aws_cloudwatch_log_delivery_source: {
    what: "access log source",
    watch: byName("log_type", "resource_arn"),
  },
  aws_cloudwatch_log_group: {
    what: "log group",
    watch: byName("retention_in_days"),
  },
  aws_cloudwatch_log_resource_policy: {
    what: "log resource policy",
    watch: [{ path: ["policy_document"], label: "policy", as: "policy" }],
  },
  aws_s3_bucket_lifecycle_configuration: {
    what: "lifecycle rules",
    watch: [{ path: ["rule"], label: "rule", keyBy: "id" }],
  },
  aws_cloudfront_response_headers_policy: {
    what: "response headers policy",
    watch: [
      { path: ["security_headers_config"], label: "security headers" },
      { path: ["cors_config"], label: "CORS" },
    ],
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
