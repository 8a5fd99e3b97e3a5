// The optional AWS WAF web ACL in front of the distribution: a rate limit per
// client IP and AWS managed rule groups, evaluated before any edge function runs.
import { Construct } from "constructs";
import { Wafv2WebAcl, type Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Environment } from "../environments/schema";
import type { Naming } from "./naming";

export type WebAclSettings = NonNullable<Environment["webAcl"]>;

/** WAF counts a rate-based rule's requests over this window (seconds). */
export const RATE_WINDOW_SECONDS = 300;

/**
 * The managed groups, each at a fixed priority: switching one off leaves the
 * others' priorities alone, so a plan shows only the rule that changed.
 */
const MANAGED_GROUPS = [
  { name: "aws-ip-reputation", group: "AWSManagedRulesAmazonIpReputationList", priority: 1 },
  { name: "aws-known-bad-inputs", group: "AWSManagedRulesKnownBadInputsRuleSet", priority: 2 },
  { name: "aws-common-rule-set", group: "AWSManagedRulesCommonRuleSet", priority: 3 },
] as const;

const SWITCH: Record<(typeof MANAGED_GROUPS)[number]["name"], keyof WebAclSettings> = {
  "aws-ip-reputation": "ipReputation",
  "aws-known-bad-inputs": "knownBadInputs",
  "aws-common-rule-set": "commonRuleSet",
};

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/**
 * The ACL's rules, in priority order. The rate limit runs first so a flood
 * counts against its sender whatever the managed groups make of it. Statements
 * are written in Terraform's names: the provider types them as any.
 */
export function webAclRules(settings: WebAclSettings, metricPrefix: string): Wafv2WebAclRule[] {
  const rate: Wafv2WebAclRule = {
    name: "rate-limit-per-ip",
    priority: 0,
    // 429 tells a well-behaved client to back off; WAF's default block is 403.
    action: { block: { customResponse: { responseCode: 429 } } },
    statement: {
      rate_based_statement: {
        limit: settings.rateLimitPer5Minutes,
        aggregate_key_type: "IP",
        evaluation_window_sec: RATE_WINDOW_SECONDS,
      },
    },
    visibilityConfig: visibility(`${metricPrefix}-rate-limit-per-ip`),
  };
  const managed = MANAGED_GROUPS.filter((g) => settings[SWITCH[g.name]] === true).map(
    (g): Wafv2WebAclRule => {
      const countOnly = g.name === "aws-common-rule-set" ? settings.commonRuleSetCountOnly : [];
      return {
        name: g.name,
        priority: g.priority,
        // The group's own actions apply (none overridden as a whole).
        overrideAction: { none: {} },
        statement: {
          managed_rule_group_statement: {
            name: g.group,
            vendor_name: "AWS",
            ...(countOnly.length > 0
              ? {
                  rule_action_override: countOnly.map((rule) => ({
                    name: rule,
                    action_to_use: { count: {} },
                  })),
                }
              : {}),
          },
        },
        visibilityConfig: visibility(`${metricPrefix}-${g.name}`),
      };
    },
  );
  return [rate, ...managed];
}

export interface WebAclProps {
  naming: Naming;
  settings: WebAclSettings;
  /** The us-east-1 provider: a CLOUDFRONT-scoped ACL lives there. */
  provider: AwsProvider;
}

export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  /** What the distribution's `web_acl_id` takes for a WAFv2 ACL: its ARN. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const name = props.naming.resource("web-acl");
    this.acl = new Wafv2WebAcl(this, "acl", {
      provider: props.provider,
      name,
      description: "Rate limit per client IP and AWS managed rules in front of protected content",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      rule: webAclRules(props.settings, name),
      visibilityConfig: visibility(name),
    });
    this.arn = this.acl.arn;
  }
}
