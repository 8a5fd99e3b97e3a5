// The plan review's findings on abuse limits and sign-in hardening: the web
// ACL's rules and default action, the distribution's web ACL, Cognito threat
// protection and feature plan, and the identity API stage's throttling.
import { markdown, plan, rc } from "../support/plan-json";

const rateRule = (limit: number) => ({
  name: "rate-limit-per-ip",
  priority: 0,
  action: [{ block: [{ custom_response: [{ response_code: 429 }] }] }],
  statement: [{ rate_based_statement: [{ limit, aggregate_key_type: "IP" }] }],
});
const managedRule = (name: string, group: string, priority: number) => ({
  name,
  priority,
  override_action: [{ none: [{}] }],
  statement: [{ managed_rule_group_statement: [{ name: group, vendor_name: "AWS" }] }],
});
const acl = (rules: object[], defaultAction: object = { allow: [{}] }) => ({
  name: "prod-web-acl",
  scope: "CLOUDFRONT",
  default_action: [defaultAction],
  rule: rules,
});

describe("web ACL findings", () => {
  it("shows a new ACL with its rules and scope", () => {
    const text = markdown(
      plan([
        rc("aws_wafv2_web_acl.a", ["create"], {
          after: acl([
            rateRule(2000),
            managedRule("aws-ip-reputation", "AWSManagedRulesAmazonIpReputationList", 1),
          ]),
        }),
      ]),
    );
    expect(text).toContain("(web ACL, create)");
    expect(text).toContain(
      "rule `rate-limit-per-ip.statement[0].rate_based_statement[0].limit`: `2000` (new)",
    );
    expect(text).toContain(
      'rule `aws-ip-reputation.statement[0].managed_rule_group_statement[0].name`: `"AWSManagedRulesAmazonIpReputationList"` (new)',
    );
    expect(text).toContain('scope: `"CLOUDFRONT"` (new)');
  });

  it("calls out a loosened rate limit and a removed managed group, matched by rule name", () => {
    const before = acl([
      rateRule(2000),
      managedRule("aws-ip-reputation", "AWSManagedRulesAmazonIpReputationList", 1),
      managedRule("aws-common-rule-set", "AWSManagedRulesCommonRuleSet", 3),
    ]);
    const after = acl([
      rateRule(50000),
      managedRule("aws-common-rule-set", "AWSManagedRulesCommonRuleSet", 3),
    ]);
    const text = markdown(plan([rc("aws_wafv2_web_acl.a", ["update"], { before, after })]));
    expect(text).toContain(
      "rule `rate-limit-per-ip.statement[0].rate_based_statement[0].limit`: `2000` → `50000`",
    );
    expect(text).toContain("rule `aws-ip-reputation` removed");
    expect(text).not.toMatch(/aws-common-rule-set/);
  });

  it("calls out a default action no longer allow", () => {
    // As Terraform's plan JSON holds blocks: every nested block type, unset ones as [].
    const text = markdown(
      plan([
        rc("aws_wafv2_web_acl.a", ["update"], {
          before: acl([], { allow: [{ custom_request_handling: [] }], block: [] }),
          after: acl([], { allow: [], block: [{ custom_response: [] }] }),
        }),
      ]),
    );
    expect(text).toContain("default action `allow[0].custom_request_handling`: `[]` removed");
  });

  it("flags the ACL's destruction", () => {
    const text = markdown(
      plan([rc("aws_wafv2_web_acl.a", ["delete"], { before: acl([rateRule(2000)]) })]),
    );
    expect(text).toContain("web ACL removed");
  });

  it("shows the distribution losing its web ACL", () => {
    const arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/prod-web-acl/abc";
    const text = markdown(
      plan([
        rc("aws_cloudfront_distribution.d", ["update"], {
          before: { web_acl_id: arn },
          after: { web_acl_id: "" },
        }),
      ]),
    );
    expect(text).toContain(`web ACL: \`"${arn}"\` → \`""\``);
  });
});

describe("Cognito threat protection findings", () => {
  it("shows threat protection turned down and the feature plan changed", () => {
    const text = markdown(
      plan([
        rc("aws_cognito_user_pool.p", ["update"], {
          before: {
            user_pool_add_ons: [{ advanced_security_mode: "ENFORCED" }],
            user_pool_tier: "PLUS",
          },
          after: {
            user_pool_add_ons: [{ advanced_security_mode: "AUDIT" }],
            user_pool_tier: "ESSENTIALS",
          },
        }),
      ]),
    );
    expect(text).toContain('threat protection `advanced_security_mode`: `"ENFORCED"` → `"AUDIT"`');
    expect(text).toContain('feature plan: `"PLUS"` → `"ESSENTIALS"`');
  });
});

describe("identity API throttling findings", () => {
  it("shows the stage's throttling raised, and not its other settings", () => {
    const stage = (burst: number, rate: number, detailed: boolean) => ({
      name: "$default",
      default_route_settings: [
        {
          throttling_burst_limit: burst,
          throttling_rate_limit: rate,
          detailed_metrics_enabled: detailed,
        },
      ],
    });
    const text = markdown(
      plan([
        rc("aws_apigatewayv2_stage.s", ["update"], {
          before: stage(100, 50, false),
          after: stage(5000, 2000, true),
        }),
      ]),
    );
    expect(text).toContain("throttling `throttling_burst_limit`: `100` → `5000`");
    expect(text).toContain("throttling `throttling_rate_limit`: `50` → `2000`");
    expect(text).not.toContain("detailed_metrics_enabled");
  });
});
