// The optional WAF web ACL in front of the distribution, as synthesized:
// rules, priorities, actions, the rate limit, CLOUDFRONT scope through the
// us-east-1 provider, and the distribution naming it by ARN; absent when off.
import "cdktf/lib/testing/adapters/jest";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { webAclRules } from "../../stacks/web-acl";
import {
  removeTestingOutdirs,
  resourceOf,
  resourcesOf,
  shippedEnvironment,
  synthesize,
  variantOf,
  type Block,
  type SynthesizedStack,
} from "../support/synth";

let prod: SynthesizedStack;
let dev: SynthesizedStack;
beforeAll(() => {
  prod = synthesize(shippedEnvironment("prod"));
  dev = synthesize(shippedEnvironment("dev"));
});
afterAll(removeTestingOutdirs);

const rules = (s: SynthesizedStack) => resourceOf(s, "aws_wafv2_web_acl").rule as Block[];
const ruleNamed = (s: SynthesizedStack, name: string) => {
  const rule = rules(s).find((r) => r.name === name);
  if (!rule) throw new Error(`no rule ${name}`);
  return rule;
};
const visibility = (metric: string) => ({
  cloudwatch_metrics_enabled: true,
  metric_name: metric,
  sampled_requests_enabled: true,
});

describe("web ACL (prod)", () => {
  it("is a CLOUDFRONT-scoped ACL made through the us-east-1 provider, allowing what no rule blocks", () => {
    expect(prod.text).toHaveResourceWithProperties(Wafv2WebAcl, {
      name: "prod-web-acl",
      scope: "CLOUDFRONT",
      provider: "aws.us_east_1",
      default_action: { allow: {} },
      visibility_config: visibility("prod-web-acl"),
    });
  });

  it("is attached to the distribution by its ARN, not by an association resource", () => {
    const acl = Object.keys(prod.json.resource.aws_wafv2_web_acl)[0];
    expect(resourceOf(prod, "aws_cloudfront_distribution").web_acl_id).toBe(
      `\${aws_wafv2_web_acl.${acl}.arn}`,
    );
    expect(resourcesOf(prod, "aws_wafv2_web_acl_association")).toHaveLength(0);
  });

  it("runs the rate limit first, then the managed rule groups, in fixed priorities", () => {
    expect(rules(prod).map((r) => [r.priority, r.name])).toEqual([
      [0, "rate-limit-per-ip"],
      [1, "aws-ip-reputation"],
      [2, "aws-known-bad-inputs"],
      [3, "aws-common-rule-set"],
    ]);
  });

  it("blocks a client IP over its limit per 5-minute window with 429", () => {
    expect(ruleNamed(prod, "rate-limit-per-ip")).toEqual({
      name: "rate-limit-per-ip",
      priority: 0,
      action: { block: { custom_response: { response_code: 429 } } },
      statement: {
        rate_based_statement: {
          limit: 2000,
          aggregate_key_type: "IP",
          evaluation_window_sec: 300,
        },
      },
      visibility_config: visibility("prod-web-acl-rate-limit-per-ip"),
    });
  });

  it.each([
    ["aws-ip-reputation", "AWSManagedRulesAmazonIpReputationList"],
    ["aws-known-bad-inputs", "AWSManagedRulesKnownBadInputsRuleSet"],
    ["aws-common-rule-set", "AWSManagedRulesCommonRuleSet"],
  ])("%s runs the AWS group %s with its own actions (override none)", (name, group) => {
    expect(ruleNamed(prod, name)).toEqual({
      name,
      priority: expect.any(Number),
      override_action: { none: {} },
      statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS" } },
      visibility_config: visibility(`prod-web-acl-${name}`),
    });
  });
});

describe("web ACL settings", () => {
  it("takes the rate limit from the environment", () => {
    const s = synthesize(variantOf("prod", (e) => (e.webAcl = { rateLimitPer5Minutes: 300 })));
    const rate = ruleNamed(s, "rate-limit-per-ip").statement as Block;
    expect((rate.rate_based_statement as Block).limit).toBe(300);
  });

  it("leaves out each managed group switched off, keeping the others' priorities", () => {
    const s = synthesize(
      variantOf(
        "prod",
        (e) => (e.webAcl = { ipReputation: false, knownBadInputs: false, commonRuleSet: true }),
      ),
    );
    expect(rules(s).map((r) => [r.priority, r.name])).toEqual([
      [0, "rate-limit-per-ip"],
      [3, "aws-common-rule-set"],
    ]);
  });

  it("counts, instead of blocking, the common rule set's rules listed as count-only", () => {
    const s = synthesize(
      variantOf(
        "prod",
        (e) =>
          (e.webAcl = {
            commonRuleSetCountOnly: ["SizeRestrictions_QUERYSTRING", "NoUserAgent_HEADER"],
          }),
      ),
    );
    const statement = ruleNamed(s, "aws-common-rule-set").statement as Block;
    expect(statement.managed_rule_group_statement).toEqual({
      name: "AWSManagedRulesCommonRuleSet",
      vendor_name: "AWS",
      rule_action_override: [
        { name: "SizeRestrictions_QUERYSTRING", action_to_use: { count: {} } },
        { name: "NoUserAgent_HEADER", action_to_use: { count: {} } },
      ],
    });
  });

  it("is a pure function of the settings, as the construct uses it", () => {
    const out = webAclRules(
      {
        rateLimitPer5Minutes: 1000,
        commonRuleSet: false,
        commonRuleSetCountOnly: [],
        knownBadInputs: true,
        ipReputation: false,
      },
      "x-web-acl",
    );
    expect(out.map((r) => r.name)).toEqual(["rate-limit-per-ip", "aws-known-bad-inputs"]);
  });
});

describe("without a web ACL", () => {
  it("has no ACL and the distribution names none", () => {
    expect(resourcesOf(dev, "aws_wafv2_web_acl")).toHaveLength(0);
    expect(resourceOf(dev, "aws_cloudfront_distribution").web_acl_id).toBeUndefined();
  });
});
