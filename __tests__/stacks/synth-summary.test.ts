// `npm run synth` summarizes each synthesized stack: mode, regions, backend,
// resources by type.
import { formatSummary, summarizeStack } from "../../scripts/synth-summary";
import { removeTestingOutdirs, shippedEnvironment, synthesize } from "../support/synth";
import { tlsWarnings } from "../../scripts/synth-summary";

afterAll(removeTestingOutdirs);

describe("synth summary", () => {
  it("describes the prod stack from its synthesized config", () => {
    const summary = summarizeStack("prod", synthesize(shippedEnvironment("prod")).json);
    expect(summary).toMatchObject({
      name: "prod",
      mode: "bearer-jwt",
      regions: ["eu-central-1", "us-east-1"],
      backend: "s3",
    });
    expect(summary.resourcesByType).toMatchObject({
      aws_lambda_function: 1,
      aws_cloudfront_distribution: 1,
      aws_cognito_user_pool_client: 1,
      aws_route53_record: 3,
    });
    expect(summary.dataSourcesByType).toMatchObject({ archive_file: 1, http: 1 });
    expect(summary.resourceCount).toBe(
      Object.values(summary.resourcesByType).reduce((a, b) => a + b, 0),
    );
    const text = formatSummary(summary);
    expect(text.split("\n")[0]).toBe(
      `prod: mode bearer-jwt; home region eu-central-1, edge us-east-1; backend s3; ${summary.resourceCount} resources`,
    );
    expect(text).toMatch(/^ {4}1 {2}aws_cognito_user_pool_client$/m);
    expect(text).toMatch(/^ {4}1 {2}data\.http$/m);
  });

  it("warns that an environment on CloudFront's default certificate accepts TLS 1.0 and 1.1", () => {
    const staging = summarizeStack("staging", synthesize(shippedEnvironment("staging")).json);
    expect(staging.warnings).toEqual([
      "staging: no custom domain, so CloudFront's default certificate accepts TLSv1 and TLSv1.1 (its minimum cannot be raised); give the environment a customDomain to require TLSv1.2_2021",
    ]);
    expect(formatSummary(staging).split("\n")).toContain(`  warning: ${staging.warnings[0]}`);
  });

  it("does not warn where a custom domain requires TLS 1.2", () => {
    const prod = summarizeStack("prod", synthesize(shippedEnvironment("prod")).json);
    expect(prod.warnings).toEqual([]);
    expect(formatSummary(prod)).not.toContain("warning");
    expect(
      tlsWarnings("x", {
        aws_cloudfront_distribution: {
          d: { viewer_certificate: { minimum_protocol_version: "TLSv1" } },
        },
      }),
    ).toHaveLength(1);
  });
});
