// The plan review's findings on logs and content defaults: CloudFront access
// log fields and destinations, the identity API's access log settings, log
// retention, lifecycle rules and the Content-Security-Policy.
import { markdown, plan, rc } from "../support/plan-json";

describe("access log findings", () => {
  it("calls out a log field added to the CloudFront delivery", () => {
    const text = markdown(
      plan([
        rc("aws_cloudwatch_log_delivery.d", ["update"], {
          before: { record_fields: ["date", "cs-uri-stem"] },
          after: { record_fields: ["date", "cs-uri-stem", "cs-uri-query"] },
        }),
      ]),
    );
    expect(text).toContain("(access log delivery, update)");
    expect(text).toMatch(/logged fields.*cs-uri-query/);
  });

  it("shows where the access logs go, and their source", () => {
    const text = markdown(
      plan([
        rc("aws_cloudwatch_log_delivery_destination.d", ["update"], {
          before: { delivery_destination_configuration: [{ destination_resource_arn: "arn:a" }] },
          after: { delivery_destination_configuration: [{ destination_resource_arn: "arn:b" }] },
        }),
        rc("aws_cloudwatch_log_delivery_source.s", ["create"], {
          after: { log_type: "ACCESS_LOGS", resource_arn: "arn:aws:cloudfront::1:distribution/X" },
        }),
      ]),
    );
    expect(text).toContain('`"arn:a"` → `"arn:b"`');
    expect(text).toContain("(access log source, create)");
  });

  it("shows the identity API's access log format changed", () => {
    const text = markdown(
      plan([
        rc("aws_apigatewayv2_stage.s", ["update"], {
          before: {
            access_log_settings: [
              { destination_arn: "arn:g", format: '{"ip":"$context.identity.sourceIp"}' },
            ],
          },
          after: {
            access_log_settings: [
              { destination_arn: "arn:g", format: '{"auth":"$context.authorizer.claims"}' },
            ],
          },
        }),
      ]),
    );
    expect(text).toContain("access logs `format`");
    expect(text).toContain("$context.authorizer.claims");
  });

  it("shows a log retention shortened", () => {
    const text = markdown(
      plan([
        rc("aws_cloudwatch_log_group.g", ["update"], {
          before: { name: "/aws/lambda/x", retention_in_days: 30 },
          after: { name: "/aws/lambda/x", retention_in_days: 1 },
        }),
      ]),
    );
    expect(text).toContain("retention_in_days: `30` → `1`");
  });
});

describe("content default findings", () => {
  it("shows a lifecycle rule's expiry changed, matched by rule id", () => {
    const rule = (days: number) => ({
      id: "expire-noncurrent-versions",
      status: "Enabled",
      noncurrent_version_expiration: [{ noncurrent_days: days }],
    });
    const text = markdown(
      plan([
        rc("aws_s3_bucket_lifecycle_configuration.l", ["update"], {
          before: { rule: [rule(30)] },
          after: { rule: [rule(1)] },
        }),
      ]),
    );
    expect(text).toContain("(lifecycle rules, update)");
    expect(text).toMatch(/expire-noncurrent-versions.*noncurrent_days.*`30` → `1`/);
  });

  it("shows the Content-Security-Policy loosened", () => {
    const headers = (csp: string) => ({
      security_headers_config: [
        { content_security_policy: [{ content_security_policy: csp, override: true }] },
      ],
    });
    const text = markdown(
      plan([
        rc("aws_cloudfront_response_headers_policy.p", ["update"], {
          before: headers("default-src 'self'"),
          after: headers("default-src *"),
        }),
      ]),
    );
    expect(text).toContain("(response headers policy, update)");
    expect(text).toContain('`"default-src \'self\'"` → `"default-src *"`');
  });
});
