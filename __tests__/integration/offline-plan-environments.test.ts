// Every shipped environment synthesizes to Terraform that the real AWS
// provider (5.100.0, from the offline mirror) validates and plans, with the
// expected resources. Fails, never skips, when Terraform or the mirror is missing.
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../../environments/schema/load";
import type { OfflinePlanResult } from "../../scripts/offline-plan/index";
import { PLAN_HOOK_TIMEOUT_MS, shippedOutdir, shippedPlans } from "../support/shipped-plans";

/**
 * Resources each shipped environment creates (stand-ins for data sources not
 * counted): each function's code record included; the cookie modes' second
 * response-headers policy (no CORS on their own endpoints), login function
 * URL with its origin access control, two CloudFront-only invoke permissions
 * and config parameter (partners: and the CloudFront Function that keeps the
 * viewer's Authorization); staging's "staff" Cognito group; every bucket's
 * noncurrent-version lifecycle; dev's and prod's CloudFront access logs (log
 * bucket with its five settings, delivery source, destination, delivery);
 * prod's web ACL, without its former CLI app client.
 */
const EXPECTED_TO_ADD: Record<string, number> = {
  dev: 29,
  prod: 36,
  staging: 32,
  partners: 29,
};
/** Lambda@Edge functions: signed-cookie mode has none (CloudFront checks the cookies itself). */
const EDGE_FUNCTIONS: Record<string, number> = { dev: 1, prod: 1, staging: 1, partners: 0 };

/** Plan text a reviewer can read: no function code, only its hash (issue: plans flooded with code). */
const MAX_PLAN_TEXT_BYTES = 100 * 1024;

let outdir: string;
let plans: Map<string, OfflinePlanResult>;
const environments = loadEnvironments();

// Planned once per run and shared with the plan-summary suites; the run's
// global teardown removes the work directories.
beforeAll(async () => {
  [outdir, plans] = await Promise.all([shippedOutdir(), shippedPlans()]);
}, PLAN_HOOK_TIMEOUT_MS);

describe("offline plan of every shipped environment", () => {
  it("covers every shipped environment", () => {
    expect([...plans.keys()].sort()).toEqual(Object.keys(EXPECTED_TO_ADD).sort());
  });

  it.each(Object.entries(EXPECTED_TO_ADD))(
    "%s plans %i resources to add and nothing else",
    (name, count) => {
      const plan = plans.get(name)!;
      expect(plan.toAdd).toBe(count);
      expect(plan.toChange).toBe(0);
      expect(plan.toDestroy).toBe(0);
    },
  );

  it.each(environments.map((e) => e.name))(
    "%s plans one resource per synthesized block",
    (name) => {
      const plan = plans.get(name)!;
      const tf = JSON.parse(
        fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"),
      ) as { resource: Record<string, Record<string, unknown>> };
      const expected = Object.fromEntries(
        Object.entries(tf.resource).map(([type, blocks]) => [type, Object.keys(blocks).length]),
      );
      expect(plan.countsByType).toEqual(expected);
    },
  );

  it.each(environments.map((e) => e.name))(
    "%s plan text shows no function code and stays under 100 KB",
    (name) => {
      const { planText } = plans.get(name)!;
      expect(Buffer.byteLength(planText)).toBeLessThanOrEqual(MAX_PLAN_TEXT_BYTES);
      // Minified bundles all export a handler; none may reach the plan.
      expect(planText).not.toMatch(/exports\.handler|module\.exports|use strict/);
      // Each edge bundle shows as a hidden value next to its file name.
      const hidden = planText.match(
        /content += \(sensitive value\)\n\s+\+ filename = "index\.js"/g,
      );
      expect(hidden ?? []).toHaveLength(EDGE_FUNCTIONS[name]);
    },
  );

  it("plans edge functions in us-east-1, regional ones and the bucket in the home region", () => {
    for (const env of environments) {
      const { planJson } = plans.get(env.name)!;
      const config = (planJson as { configuration: { root_module: { resources: Block[] } } })
        .configuration.root_module.resources;
      const lambdas = config.filter((r) => r.type === "aws_lambda_function");
      // Lambda@Edge functions are the published, never-destroyed ones.
      const edge = lambdas.filter((r) => r.expressions.skip_destroy?.constant_value === true);
      const regional = lambdas.filter((r) => !edge.includes(r));
      // The content bucket; an access-log bucket (CloudFront logging v2) lives in us-east-1.
      const bucket = config.find((r) => r.address.startsWith("aws_s3_bucket.content_bucket"));
      const logBuckets = config.filter(
        (r) => r.type === "aws_s3_bucket" && r.address.startsWith("aws_s3_bucket.access-logs"),
      );
      expect(logBuckets).toHaveLength(["dev", "prod"].includes(env.name) ? 1 : 0);
      for (const logs of logBuckets) expect(logs.provider_config_key).toBe("aws.us_east_1");
      expect(edge).toHaveLength(EDGE_FUNCTIONS[env.name]);
      for (const fn of edge) expect(fn.provider_config_key).toBe("aws.us_east_1");
      for (const fn of regional) expect(fn.provider_config_key).toBe("aws");
      expect(bucket?.provider_config_key).toBe("aws");
    }
  });

  it("plans the session-cookie environment's table, login function URL and session manager in the home region, with no API Gateway", () => {
    const { planJson } = plans.get("staging")!;
    const config = (planJson as { configuration: { root_module: { resources: Block[] } } })
      .configuration.root_module.resources;
    const homeTypes = [
      "aws_dynamodb_table",
      "aws_lambda_function_url",
      "aws_lambda_permission",
      "aws_ssm_parameter",
      "aws_cloudwatch_log_group",
    ];
    for (const type of homeTypes) {
      const blocks = config.filter((r) => r.type === type);
      // Two invoke permissions, both for CloudFront: InvokeFunctionUrl and InvokeFunction.
      expect(blocks).toHaveLength(type === "aws_lambda_permission" ? 2 : 1);
      for (const block of blocks) expect(block.provider_config_key).toBe("aws");
    }
    expect(config.filter((r) => r.type.startsWith("aws_apigatewayv2_"))).toEqual([]);
  });

  it("plans the signed-cookie environment's keys at the edge, its issuer in the home region", () => {
    const { planJson } = plans.get("partners")!;
    const config = (planJson as { configuration: { root_module: { resources: Block[] } } })
      .configuration.root_module.resources;
    const regionOf = (type: string) =>
      config.filter((r) => r.type === type).map((r) => r.provider_config_key);
    expect(regionOf("aws_cloudfront_public_key")).toEqual(["aws.us_east_1"]);
    expect(regionOf("aws_cloudfront_key_group")).toEqual(["aws.us_east_1"]);
    expect(regionOf("aws_lambda_function_url")).toEqual(["aws"]);
    expect(regionOf("aws_cloudfront_function")).toEqual(["aws.us_east_1"]);
    expect(regionOf("aws_apigatewayv2_api")).toEqual([]);
    expect(regionOf("aws_lambda_function")).toEqual(["aws"]);
    expect(regionOf("aws_cognito_user_group")).toEqual(["aws"]);
  });
});

type Block = {
  address: string;
  type: string;
  provider_config_key: string;
  expressions: Record<string, { constant_value?: unknown } | undefined>;
};
