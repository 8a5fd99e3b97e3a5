// The plan review's security-relevant findings on plan JSON in Terraform's
// documented format: policies statement by statement, public access, key
// groups and associations, function config, and masking of sensitive values.
import { reviewPlan } from "../../scripts/plan-review/review";
import { CLOUDFRONT_READ, DENY_HTTP, markdown, plan, policy, rc } from "../support/plan-json";

describe("security-relevant changes", () => {
  it("reads a bucket policy statement by statement: a statement opened to everyone shows as added", () => {
    const open = {
      Sid: "PublicRead",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::b/*",
    };
    const text = markdown(
      plan([
        rc("aws_s3_bucket_policy.p", ["update"], {
          before: { policy: policy(CLOUDFRONT_READ, DENY_HTTP) },
          after: { policy: policy(CLOUDFRONT_READ, DENY_HTTP, open) },
        }),
      ]),
    );
    expect(text).toContain(
      "policy: added `PublicRead`: `Allow` `s3:GetObject` on `arn:aws:s3:::b/*` to `*`",
    );
    expect(text).not.toContain("AllowCloudFrontRead");
  });

  it("shows a changed statement before and after, and a removed one", () => {
    const narrower = { ...CLOUDFRONT_READ, Resource: "arn:aws:s3:::b/public/*" };
    const text = markdown(
      plan([
        rc("aws_iam_role_policy.p", ["update"], {
          before: { policy: policy(CLOUDFRONT_READ, DENY_HTTP) },
          after: { policy: policy(narrower) },
        }),
      ]),
    );
    expect(text).toMatch(
      /changed `AllowCloudFrontRead`: .*`arn:aws:s3:::b\/\*`.* → .*`arn:aws:s3:::b\/public\/\*`/,
    );
    expect(text).toMatch(
      /removed `DenyInsecureTransport`: `Deny` `s3:\*`.* if `\{"Bool":\{"aws:SecureTransport":"false"\}\}`/,
    );
  });

  it("calls out public access block settings turned off", () => {
    const before = {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    };
    const text = markdown(
      plan([
        rc("aws_s3_bucket_public_access_block.b", ["update"], {
          before,
          after: { ...before, block_public_policy: false },
        }),
      ]),
    );
    expect(text).toContain("- block_public_policy: `true` → `false`");
  });

  it("calls out a trusted key group or function association change on a behaviour, matched by path pattern", () => {
    const behaviour = (pattern: string, groups: string[]) => ({
      path_pattern: pattern,
      trusted_key_groups: groups,
      lambda_function_association: [],
      target_origin_id: "s3",
      compress: true,
    });
    const before = {
      default_cache_behavior: [
        {
          trusted_key_groups: ["kg-1"],
          lambda_function_association: [{ event_type: "viewer-request", lambda_arn: "arn:fn:1" }],
        },
      ],
      ordered_cache_behavior: [behaviour("/a/*", ["kg-1"]), behaviour("/b/*", ["kg-1"])],
    };
    const after = {
      default_cache_behavior: [
        {
          trusted_key_groups: [],
          lambda_function_association: [{ event_type: "viewer-request", lambda_arn: "arn:fn:2" }],
        },
      ],
      ordered_cache_behavior: [
        behaviour("/new/*", []),
        behaviour("/a/*", ["kg-1"]),
        { ...behaviour("/b/*", ["kg-1"]), compress: false },
      ],
    };
    const text = markdown(
      plan([rc("aws_cloudfront_distribution.d", ["update"], { before, after })]),
    );
    expect(text).toContain('default behaviour `trusted_key_groups`: `["kg-1"]` → `[]`');
    expect(text).toContain(
      'default behaviour `lambda_function_association[0].lambda_arn`: `"arn:fn:1"` → `"arn:fn:2"`',
    );
    expect(text).toContain("behaviour `/new/*` added");
    // Inserting a behaviour shifts the list, but /a/* did not change; compression is not a security setting.
    expect(text).not.toMatch(/behaviour `\/a\/\*/);
    expect(text).not.toMatch(/compress/);
  });

  it("diffs an edge function's config.json record key by key: cookie and token settings", () => {
    const config = {
      cookieName: "__Host-edge-gate-session",
      lookupCacheSeconds: 300,
      tokenQueryParameter: null,
    };
    const text = markdown(
      plan([
        rc("terraform_data.checker_config-record", ["update"], {
          before: { input: { function: "dev-x", "config.json": config } },
          after: {
            input: {
              function: "dev-x",
              "config.json": { ...config, cookieName: "session", tokenQueryParameter: "t" },
            },
          },
        }),
      ]),
    );
    expect(text).toContain("(edge function config.json, update)");
    expect(text).toContain('config.json `cookieName`: `"__Host-edge-gate-session"` → `"session"`');
    expect(text).toContain('config.json `tokenQueryParameter`: `null` → `"t"`');
    expect(text).not.toContain("lookupCacheSeconds");
  });

  it("ignores terraform_data that is not a config record", () => {
    const r = reviewPlan(
      plan([
        rc("terraform_data.other", ["update"], {
          before: { input: { a: 1 } },
          after: { input: { a: 2 } },
        }),
      ]),
    );
    expect(r.findings).toEqual([]);
  });

  it("diffs a regional function's JSON config variable key by key", () => {
    const env = (lifetime: number) => [
      {
        variables: {
          EDGE_GATE_CONFIG: JSON.stringify({ sessionLifetimeHours: lifetime, cookieName: "c" }),
        },
      },
    ];
    const text = markdown(
      plan([
        rc("aws_lambda_function.manager", ["update"], {
          before: { environment: env(8) },
          after: { environment: env(24) },
        }),
      ]),
    );
    expect(text).toContain("environment `EDGE_GATE_CONFIG.sessionLifetimeHours`: `8` → `24`");
  });

  it("never prints a value Terraform marks sensitive, in findings or anywhere else", () => {
    const text = markdown(
      plan([
        rc("aws_lambda_function.f", ["update"], {
          before: { environment: [{ variables: { TOKEN: "old-secret-value", MODE: "a" } }] },
          after: { environment: [{ variables: { TOKEN: "new-secret-value", MODE: "b" } }] },
          before_sensitive: { environment: [{ variables: { TOKEN: true } }] },
          after_sensitive: { environment: [{ variables: { TOKEN: true } }] },
        }),
        rc("aws_iam_role_policy.p", ["update"], {
          before: { policy: "secret-policy-1" },
          after: { policy: "secret-policy-2" },
          before_sensitive: true,
          after_sensitive: true,
        }),
      ]),
    );
    expect(text).not.toMatch(/secret-value|secret-policy/);
    expect(text).toContain('environment `MODE`: `"a"` → `"b"`');
    expect(text).toContain("(sensitive)");
  });

  it("marks values known only after apply", () => {
    const text = markdown(
      plan([
        rc("aws_lambda_function.f", ["update"], {
          before: { role: "arn:aws:iam::1:role/a" },
          after: {},
          after_unknown: { role: true },
        }),
      ]),
    );
    expect(text).toContain('role: `"arn:aws:iam::1:role/a"` → `(known after apply)`');
  });
});
