// Access logs that can never hold a credential: CloudFront standard logging
// v2 (delivery source, destination and delivery in us-east-1, to a private
// log bucket or a log group), the identity API's access logs, and a
// retention on every log group the stack creates.
import { DEFAULT_CLOUDFRONT_LOG_FIELDS } from "../../environments/schema/logging";
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

describe("identity API access logs", () => {
  /** The `$context` variables an access log format names. */
  const variables = (format: string) =>
    [...format.matchAll(/\$context\.([\w.]+)/g)].map((m) => m[1]);

  it("logs each request of the identity API's stage to a log group with a retention", () => {
    const stage = resourceOf(staging, "aws_apigatewayv2_stage");
    const settings = stage.access_log_settings as Block;
    expect(settings.destination_arn).toEqual(ref("aws_cloudwatch_log_group", "arn"));
    const group = resourcesOf(staging, "aws_cloudwatch_log_group").find(
      (g) => g.name === "/aws/apigateway/staging-identity",
    );
    expect(group).toMatchObject({ retention_in_days: 30 });
  });

  it("logs $context variables only: no header, cookie, query string or authorizer value", () => {
    const format = String(
      (resourceOf(staging, "aws_apigatewayv2_stage").access_log_settings as Block).format,
    );
    expect(JSON.parse(format)).toBeInstanceOf(Object);
    expect(variables(format).sort()).toEqual(
      [
        "requestId",
        "requestTime",
        "identity.sourceIp",
        "identity.userAgent",
        "httpMethod",
        "path",
        "routeKey",
        "protocol",
        "status",
        "responseLength",
        "integrationLatency",
        "responseLatency",
      ].sort(),
    );
    expect(format).not.toMatch(/authorizer|header|querystring|cookie|authorization/i);
    const values = Object.values(JSON.parse(format) as Record<string, string>);
    for (const value of values) expect(value).toMatch(/^\$context\.[\w.]+$/);
  });

  it("can be turned off", () => {
    const stack = synthesize(
      variantOf("staging", (e) => {
        e.logging = { identityApiAccessLogs: false };
      }),
    );
    expect(resourceOf(stack, "aws_apigatewayv2_stage").access_log_settings).toBeUndefined();
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
