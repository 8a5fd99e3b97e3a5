// Plan JSON in Terraform's documented format (format_version 1.2), built
// change by change for the plan review's tests.
import { renderMarkdown } from "../../scripts/plan-review/markdown";
import { reviewPlan } from "../../scripts/plan-review/review";

export type Change = Record<string, unknown>;

export function rc(
  address: string,
  actions: string[],
  change: Change = {},
  extra: Change = {},
): Change {
  const [type, name] = address.split(".");
  return {
    address,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions,
      before: null,
      after: null,
      after_unknown: {},
      before_sensitive: false,
      after_sensitive: false,
      ...change,
    },
    ...extra,
  };
}

export function plan(changes: Change[], extra: Change = {}): Change {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: {},
    resource_changes: changes,
    errored: false,
    ...extra,
  };
}

export function policy(...statements: Change[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export const CLOUDFRONT_READ = {
  Sid: "AllowCloudFrontRead",
  Effect: "Allow",
  Principal: { Service: "cloudfront.amazonaws.com" },
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::b/*",
};
export const DENY_HTTP = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

export function markdown(p: Change, planText?: string, maxChars?: number): string {
  return renderMarkdown(reviewPlan(p), { environment: "dev", planText, maxChars });
}
