// Every secure default of docs/secure-defaults.md, asserted on the synthesized config of the
// shipped environments: one test per property.
import "cdktf/lib/testing/adapters/jest";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { MANAGED_POLICY } from "../../stacks/distribution";
import {
  removeTestingOutdirs,
  resourceOf,
  resourcesOf,
  shippedEnvironment,
  synthesize,
  type Block,
  policyStatements,
  type SynthesizedStack,
} from "../support/synth";

let dev: SynthesizedStack;
let prod: SynthesizedStack;

beforeAll(() => {
  dev = synthesize(shippedEnvironment("dev"));
  prod = synthesize(shippedEnvironment("prod"));
});
afterAll(removeTestingOutdirs);

const list = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
/** The content bucket's `type` (dev also has an access-log bucket, in us-east-1). */
const contentBucketOf = (s: SynthesizedStack, type: string) => {
  const found = resourcesOf(s, type).filter((r) => r.provider !== "aws.us_east_1");
  if (found.length !== 1) throw new Error(`expected one content ${type}, found ${found.length}`);
  return found[0];
};
const defaultBehaviour = (s: SynthesizedStack) =>
  resourceOf(s, "aws_cloudfront_distribution").default_cache_behavior as Block;

describe("content bucket", () => {
  it("blocks every kind of public access", () => {
    expect(dev.text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("enforces bucket-owner ownership, so ACLs are disabled", () => {
    expect(dev.text).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  it("encrypts objects at rest by default", () => {
    const sse = contentBucketOf(dev, "aws_s3_bucket_server_side_encryption_configuration");
    const rule = (sse.rule as Block[])[0];
    expect(rule.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
  });

  it("never lets a destroy empty the bucket", () => {
    expect(contentBucketOf(dev, "aws_s3_bucket").force_destroy).toBe(false);
  });

  it("lets only this distribution's CloudFront service principal read objects", () => {
    const policy = policyStatements(contentBucketOf(dev, "aws_s3_bucket_policy").policy);
    const allows = policy.filter((s) => s.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(list(allows[0].Action)).toEqual(["s3:GetObject"]);
    expect(allows[0].Resource).toMatch(/^\$\{aws_s3_bucket\.[\w-]+\.arn\}\/\*$/);
    expect(allows[0].Condition).toEqual({
      StringEquals: {
        "AWS:SourceArn": expect.stringMatching(/^\$\{aws_cloudfront_distribution\.[\w-]+\.arn\}$/),
      },
    });
  });

  it("denies every request that does not use TLS", () => {
    const deny = policyStatements(contentBucketOf(dev, "aws_s3_bucket_policy").policy).find(
      (s) => s.Effect === "Deny",
    );
    expect(deny).toMatchObject({
      Principal: "*",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(list(deny?.Resource)).toHaveLength(2);
  });

  it("answers CORS for the configured origins only", () => {
    const cors = resourceOf(dev, "aws_s3_bucket_cors_configuration");
    expect((cors.cors_rule as Block[])[0]).toMatchObject({
      allowed_origins: ["http://localhost:5173"],
      allowed_methods: ["GET", "HEAD"],
    });
  });
});

describe("origin access", () => {
  it("reaches S3 through Origin Access Control signing every request, never a legacy OAI", () => {
    expect(dev.text).toHaveResourceWithProperties(CloudfrontOriginAccessControl, {
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    expect(resourcesOf(dev, "aws_cloudfront_origin_access_identity")).toHaveLength(0);
    const origin = (resourceOf(dev, "aws_cloudfront_distribution").origin as Block[])[0];
    expect(origin.origin_access_control_id).toMatch(/^\$\{aws_cloudfront_origin_access_control\./);
    expect(origin.domain_name).toMatch(/bucket_regional_domain_name\}$/);
    expect(origin.s3_origin_config).toBeUndefined();
  });
});

describe("distribution", () => {
  it("redirects HTTP to HTTPS", () => {
    expect(defaultBehaviour(dev).viewer_protocol_policy).toBe("redirect-to-https");
  });

  it("uses managed cache and origin-request policies, no legacy forwarded_values", () => {
    const behaviour = defaultBehaviour(dev);
    expect(behaviour.cache_policy_id).toBe(MANAGED_POLICY.cachingOptimized);
    expect(behaviour.origin_request_policy_id).toBe(MANAGED_POLICY.corsS3Origin);
    expect(behaviour.forwarded_values).toBeUndefined();
  });

  it("serves only reads", () => {
    expect(defaultBehaviour(dev).allowed_methods).toEqual(["GET", "HEAD", "OPTIONS"]);
  });

  it("sends HSTS, nosniff, frame and referrer headers on every response", () => {
    const policy = resourceOf(dev, "aws_cloudfront_response_headers_policy");
    const headers = policy.security_headers_config as Block;
    expect(headers.strict_transport_security).toMatchObject({
      access_control_max_age_sec: 63072000,
      include_subdomains: true,
      override: true,
    });
    expect(headers.content_type_options).toEqual({ override: true });
    expect(headers.frame_options).toEqual({ frame_option: "DENY", override: true });
    expect(headers.referrer_policy).toMatchObject({
      referrer_policy: "strict-origin-when-cross-origin",
    });
    expect(defaultBehaviour(dev).response_headers_policy_id).toMatch(
      /^\$\{aws_cloudfront_response_headers_policy\./,
    );
  });

  it("uses the environment's price class", () => {
    expect(resourceOf(dev, "aws_cloudfront_distribution").price_class).toBe("PriceClass_100");
    expect(resourceOf(prod, "aws_cloudfront_distribution").price_class).toBe("PriceClass_All");
  });

  it("serves a custom domain with SNI and at least TLS 1.2 (TLSv1.2_2021)", () => {
    const distribution = resourceOf(prod, "aws_cloudfront_distribution");
    expect(distribution.aliases).toEqual(["files.example.com"]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: expect.stringMatching(/^\$\{aws_acm_certificate_validation\./),
      ssl_support_method: "sni-only",
      minimum_protocol_version: "TLSv1.2_2021",
    });
  });

  it("requests the custom domain's certificate in us-east-1 and validates it through DNS", () => {
    const certificate = resourceOf(prod, "aws_acm_certificate");
    expect(certificate).toMatchObject({
      domain_name: "files.example.com",
      validation_method: "DNS",
      provider: "aws.us_east_1",
    });
    const records = resourcesOf(prod, "aws_route53_record");
    const validation = records.find((r) => r.for_each !== undefined);
    expect(validation).toMatchObject({ zone_id: "Z0123456789EXAMPLE01" });
    expect(resourceOf(prod, "aws_acm_certificate_validation").provider).toBe("aws.us_east_1");
    expect(records.filter((r) => r.alias !== undefined).map((r) => r.type)).toEqual(["A", "AAAA"]);
  });
});

describe("Cognito user directory", () => {
  it("never reveals whether a user exists", () => {
    expect(dev.text).toHaveResourceWithProperties(CognitoUserPoolClient, {
      prevent_user_existence_errors: "ENABLED",
    });
  });

  it("requires long, mixed passwords", () => {
    expect(resourceOf(dev, "aws_cognito_user_pool").password_policy).toMatchObject({
      minimum_length: 12,
      require_lowercase: true,
      require_uppercase: true,
      require_numbers: true,
      require_symbols: true,
    });
  });

  it("configures MFA as the environment says", () => {
    expect(resourceOf(dev, "aws_cognito_user_pool")).toMatchObject({
      mfa_configuration: "OPTIONAL",
      software_token_mfa_configuration: { enabled: true },
    });
    expect(resourceOf(prod, "aws_cognito_user_pool").mfa_configuration).toBe("ON");
  });

  it("lets users sign up themselves only where the environment allows it", () => {
    expect(resourceOf(dev, "aws_cognito_user_pool").admin_create_user_config).toEqual({
      allow_admin_create_user_only: false,
    });
    expect(resourceOf(prod, "aws_cognito_user_pool").admin_create_user_config).toEqual({
      allow_admin_create_user_only: true,
    });
  });

  it("gives public app clients the code flow and no secret", () => {
    for (const client of resourcesOf(prod, "aws_cognito_user_pool_client")) {
      expect(client).toMatchObject({
        generate_secret: false,
        allowed_oauth_flows: ["code"],
        allowed_oauth_flows_user_pool_client: true,
        enable_token_revocation: true,
      });
    }
  });
});

describe("abuse limits and sign-in hardening (prod)", () => {
  it("puts a web ACL with a per-IP rate limit in front of the distribution", () => {
    const acl = resourceOf(prod, "aws_wafv2_web_acl");
    expect(acl.scope).toBe("CLOUDFRONT");
    expect((acl.rule as Block[]).map((r) => r.name)).toContain("rate-limit-per-ip");
    expect(resourceOf(prod, "aws_cloudfront_distribution").web_acl_id).toMatch(
      /^\$\{aws_wafv2_web_acl\.[\w-]+\.arn\}$/,
    );
  });

  it("enforces Cognito threat protection on the Plus feature plan", () => {
    expect(resourceOf(prod, "aws_cognito_user_pool")).toMatchObject({
      user_pool_add_ons: { advanced_security_mode: "ENFORCED" },
      user_pool_tier: "PLUS",
    });
  });

  it("sends no login back to a loopback address in a deployed environment", () => {
    for (const stack of [dev, prod]) {
      for (const client of resourcesOf(stack, "aws_cognito_user_pool_client")) {
        for (const url of [...list(client.callback_urls), ...list(client.logout_urls)]) {
          expect(String(url)).not.toMatch(/^https?:\/\/(localhost|127\.|\[::1\])/);
        }
      }
    }
  });
});
