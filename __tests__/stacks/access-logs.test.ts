// Access logs that can never hold a credential: CloudFront standard logging
// v2 (delivery source, destination and delivery in us-east-1, to a private
// log bucket or a log group), the login functions' access log lines, and a
// retention on every log group the stack creates.
import { DEFAULT_CLOUDFRONT_LOG_FIELDS } from "../../environments/schema/logging";
import { accessLogLine, accessLogOn } from "../../functions/shared/origin-request";
import { apiEvent } from "../support/session-manager-harness";
import {
  type Block,
  policyStatements,
  removeTestingOutdirs,
  resourceOf,
  resourcesOf,
  shippedEnvironment,
  synthesize,
  type SynthesizedStack,
  variantOf,
} from "../support/synth";

let prod: SynthesizedStack;
let dev: SynthesizedStack;
let staging: SynthesizedStack;

beforeAll(() => {
  prod = synthesize(shippedEnvironment("prod"));
  dev = synthesize(shippedEnvironment("dev"));
  staging = synthesize(shippedEnvironment("staging"));
});
afterAll(removeTestingOutdirs);

const EDGE = "aws.us_east_1";
const ref = (type: string, attribute: string) =>
  expect.stringMatching(new RegExp(`^\\$\\{${type}\\.[\\w-]+\\.${attribute}\\}$`));
/** The one resource of `type` whose provider is the us-east-1 one. */
const edgeResourceOf = (s: SynthesizedStack, type: string) => {
  const found = resourcesOf(s, type).filter((r) => r.provider === EDGE);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("CloudFront access logs (standard logging v2)", () => {
  it("takes the distribution's ACCESS_LOGS in us-east-1, where CloudFront's delivery sources live", () => {
    expect(resourceOf(prod, "aws_cloudwatch_log_delivery_source")).toEqual({
      provider: EDGE,
      name: "prod-cloudfront-access",
      log_type: "ACCESS_LOGS",
      resource_arn: ref("aws_cloudfront_distribution", "arn"),
    });
  });

  it("delivers the default fields to the log bucket: no cookies, no Referer, no query string", () => {
    const delivery = resourceOf(prod, "aws_cloudwatch_log_delivery");
    expect(delivery).toMatchObject({
      provider: EDGE,
      delivery_source_name: ref("aws_cloudwatch_log_delivery_source", "name"),
      delivery_destination_arn: ref("aws_cloudwatch_log_delivery_destination", "arn"),
      record_fields: DEFAULT_CLOUDFRONT_LOG_FIELDS,
    });
    expect(delivery.record_fields).not.toContain("cs(Cookie)");
    expect(resourceOf(prod, "aws_cloudwatch_log_delivery_destination")).toMatchObject({
      provider: EDGE,
      name: "prod-cloudfront-access",
      output_format: "json",
      delivery_destination_configuration: [
        { destination_resource_arn: ref("aws_s3_bucket", "arn") },
      ],
    });
  });

  it("never logs dev's access_token query parameter: no query string, no Referer", () => {
    const fields = resourceOf(dev, "aws_cloudwatch_log_delivery").record_fields as string[];
    expect(fields).not.toContain("cs-uri-query");
    expect(fields).not.toContain("cs(Referer)");
    expect(fields).not.toContain("cs(Cookie)");
    expect(fields).toEqual(expect.arrayContaining(["date", "time", "cs-uri-stem", "sc-status"]));
  });

  it("keeps logs in a private, encrypted, TLS-only bucket that expires them", () => {
    const bucket = edgeResourceOf(prod, "aws_s3_bucket");
    expect(bucket).toMatchObject({ bucket_prefix: "prod-access-logs-", force_destroy: false });
    expect(edgeResourceOf(prod, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(edgeResourceOf(prod, "aws_s3_bucket_ownership_controls").rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
    const sse = edgeResourceOf(prod, "aws_s3_bucket_server_side_encryption_configuration");
    expect((sse.rule as Block[])[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "AES256",
    });
    const lifecycle = edgeResourceOf(prod, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule).toEqual([
      {
        id: "expire-access-logs",
        status: "Enabled",
        filter: [{}],
        expiration: [{ days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
      },
    ]);
    expect(
      (edgeResourceOf(dev, "aws_s3_bucket_lifecycle_configuration").rule as Block[])[0].expiration,
    ).toEqual([{ days: 14 }]);
  });

  it("lets only this delivery source write logs, and nothing in without TLS", () => {
    const statements = policyStatements(edgeResourceOf(prod, "aws_s3_bucket_policy").policy);
    expect(statements).toEqual([
      {
        Sid: "AllowLogDeliveryFromThisDistribution",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.[\w-]+\.arn\}\/\*$/),
        Condition: {
          ArnLike: { "aws:SourceArn": ref("aws_cloudwatch_log_delivery_source", "arn") },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [
          expect.stringMatching(/^\$\{aws_s3_bucket\.[\w-]+\.arn\}$/),
          expect.stringMatching(/^\$\{aws_s3_bucket\.[\w-]+\.arn\}\/\*$/),
        ],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("can deliver to a log group in us-east-1 kept for the retention period instead", () => {
    const stack = synthesize(
      variantOf("prod", (e) => {
        e.logging = { retentionDays: 90, cloudfront: { destination: "cloudwatch" } };
      }),
    );
    const group = edgeResourceOf(stack, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({
      name: "/aws/vendedlogs/prod-cloudfront-access",
      retention_in_days: 90,
    });
    expect(resourceOf(stack, "aws_cloudwatch_log_delivery_destination")).toMatchObject({
      delivery_destination_configuration: [
        { destination_resource_arn: ref("aws_cloudwatch_log_group", "arn") },
      ],
    });
    const policy = resourceOf(stack, "aws_cloudwatch_log_resource_policy");
    expect(policy.provider).toBe(EDGE);
    expect(policyStatements(policy.policy_document)).toEqual([
      {
        Sid: "AllowLogDeliveryFromThisDistribution",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: expect.stringMatching(
          /^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}:log-stream:\*$/,
        ),
        Condition: {
          ArnLike: { "aws:SourceArn": ref("aws_cloudwatch_log_delivery_source", "arn") },
        },
      },
    ]);
    expect(resourcesOf(stack, "aws_s3_bucket").filter((b) => b.provider === EDGE)).toEqual([]);
  });

  it("creates nothing where the environment logs no CloudFront requests", () => {
    for (const type of [
      "aws_cloudwatch_log_delivery_source",
      "aws_cloudwatch_log_delivery_destination",
      "aws_cloudwatch_log_delivery",
    ])
      expect(resourcesOf(staging, type)).toEqual([]);
  });

  it("refuses to build a delivery that would log a credential, even from an unvalidated environment", () => {
    const env = shippedEnvironment("dev");
    const unsafe = {
      ...env,
      logging: {
        ...env.logging,
        cloudfront: { destination: "s3" as const, expireAfterDays: 14, fields: ["cs-uri-query"] },
      },
    };
    expect(() => synthesize(unsafe as typeof env)).toThrow(
      'the log field "cs-uri-query" would record the access token (protection.tokenQueryParameter "access_token"), which travels in the query string; leave it out',
    );
  });
});

// API Gateway's access log went with the API (the login functions are now
// reached at function URLs only CloudFront may invoke): each function writes
// one line per request to its own log group instead.
describe("identity origin access logs", () => {
  const manager = (s: SynthesizedStack) =>
    resourcesOf(s, "aws_lambda_function").find(
      (f) => f.function_name === "staging-session-manager",
    )!;
  const variables = (s: SynthesizedStack) =>
    (manager(s).environment as { variables: Record<string, string> }).variables;

  it("go to the function's own log group, with a retention, and no API Gateway log group is left", () => {
    const groups = resourcesOf(staging, "aws_cloudwatch_log_group");
    expect(groups.find((g) => String(g.name).startsWith("/aws/apigateway/"))).toBeUndefined();
    expect(groups.find((g) => g.name === "/aws/lambda/staging-session-manager")).toMatchObject({
      retention_in_days: 30,
    });
    expect(variables(staging).EDGE_GATE_ACCESS_LOG).toBeUndefined();
  });

  it("name no header, cookie, query string or credential (accessLogLine)", () => {
    const event = apiEvent("GET", "/_identity/auth?code=SECRETCODE&state=SECRETSTATE", [
      "__Host-edge-gate-session=SECRETSESSION",
    ]);
    const line = accessLogLine(
      {
        ...event,
        headers: { ...event.headers, "x-gate-viewer-authorization": "Bearer SECRETTOKEN" },
      },
      302,
      12,
    );
    expect(Object.keys(line).sort()).toEqual(
      ["message", "cloudfrontRequestId", "method", "path", "status", "ms"].sort(),
    );
    expect(line).toMatchObject({ method: "GET", path: "/_identity/auth", status: 302, ms: 12 });
    expect(JSON.stringify(line)).not.toMatch(/SECRET|AWS4-HMAC|Bearer/);
  });

  it("can be turned off", () => {
    const stack = synthesize(
      variantOf("staging", (e) => {
        e.logging = { identityApiAccessLogs: false };
      }),
    );
    expect(variables(stack).EDGE_GATE_ACCESS_LOG).toBe("off");
    expect(accessLogOn({ EDGE_GATE_ACCESS_LOG: "off" })).toBe(false);
    expect(accessLogOn({})).toBe(true);
  });
});

describe("log retention", () => {
  it("keeps every log group the stack creates for logging.retentionDays (30 by default)", () => {
    for (const stack of [staging, synthesize(shippedEnvironment("partners"))]) {
      const groups = resourcesOf(stack, "aws_cloudwatch_log_group");
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) expect(group.retention_in_days).toBe(30);
    }
    const longer = synthesize(
      variantOf("staging", (e) => {
        e.logging = { retentionDays: 365 };
      }),
    );
    for (const group of resourcesOf(longer, "aws_cloudwatch_log_group"))
      expect(group.retention_in_days).toBe(365);
  });
});
