// The plan review on plan JSON written to Terraform's documented format
// (format_version 1.2): kinds of change, masking, policy and config diffs,
// and Markdown that a value in the plan cannot break out of.
import { renderMarkdown } from "../../scripts/plan-review/markdown";
import { code, fenced } from "../../scripts/plan-review/markdown-text";
import { readPlanJson } from "../../scripts/plan-review/plan-json";
import { reviewPlan } from "../../scripts/plan-review/review";

type Change = Record<string, unknown>;

function rc(address: string, actions: string[], change: Change = {}, extra: Change = {}): Change {
  const [type, name] = address.split(".");
  return {
    address,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions,
      before: null,
      after: null,
      after_unknown: {},
      before_sensitive: false,
      after_sensitive: false,
      ...change,
    },
    ...extra,
  };
}

function plan(changes: Change[], extra: Change = {}): Change {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: {},
    resource_changes: changes,
    errored: false,
    ...extra,
  };
}

function policy(...statements: Change[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const CLOUDFRONT_READ = {
  Sid: "AllowCloudFrontRead",
  Effect: "Allow",
  Principal: { Service: "cloudfront.amazonaws.com" },
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::b/*",
};
const DENY_HTTP = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

function markdown(p: Change, planText?: string, maxChars?: number): string {
  return renderMarkdown(reviewPlan(p), { environment: "dev", planText, maxChars });
}

describe("kinds of change", () => {
  const review = reviewPlan(
    plan([
      rc("aws_s3_bucket.a", ["create"]),
      rc("aws_s3_bucket_versioning.b", ["update"], { before: {}, after: {} }),
      rc(
        "aws_s3_bucket.c",
        ["delete", "create"],
        { before: { bucket: "old" }, after: { bucket: "new" }, replace_paths: [["bucket"]] },
        { action_reason: "replace_because_cannot_update" },
      ),
      rc(
        "aws_iam_role.d",
        ["create", "delete"],
        { before: {}, after: {} },
        { action_reason: "replace_because_tainted" },
      ),
      rc(
        "aws_dynamodb_table.e",
        ["delete"],
        { before: { deletion_protection_enabled: true } },
        { action_reason: "delete_because_no_resource_config" },
      ),
      rc(
        "aws_s3_bucket_policy.f",
        ["no-op"],
        { before: {}, after: {} },
        { previous_address: "aws_s3_bucket_policy.old" },
      ),
      rc("aws_s3_bucket_policy.g", ["no-op"], { before: {}, after: {} }),
      rc("aws_iam_role.h", ["forget"], { before: {} }),
      { ...rc("aws_region.r", ["read"]), mode: "data" },
    ]),
  );

  it("counts a replacement once, as a replacement, whichever order Terraform chose", () => {
    expect(review.counts).toEqual({
      create: 1,
      update: 1,
      replace: 2,
      destroy: 1,
      forget: 1,
      read: 1,
      move: 1,
      import: 0,
    });
  });

  it("lists replacements, destructions and forgets as destructive, leaving no-ops out", () => {
    expect(review.destructive.map((c) => c.address)).toEqual([
      "aws_s3_bucket.c",
      "aws_iam_role.d",
      "aws_dynamodb_table.e",
      "aws_iam_role.h",
    ]);
    expect(review.changes.map((c) => c.address)).not.toContain("aws_s3_bucket_policy.g");
  });

  it("says what a replacement or destruction loses and what forces it", () => {
    const bucket = review.destructive.find((c) => c.address === "aws_s3_bucket.c")!;
    expect(bucket.loses).toBe("every object in the bucket");
    expect(bucket.forcedBy).toEqual(["bucket"]);
    const table = review.destructive.find((c) => c.address === "aws_dynamodb_table.e")!;
    expect(table.loses).toMatch(/sessions/);
    expect(table.notes.join()).toMatch(/deletion protection is on/);
    expect(review.destructive.find((c) => c.address === "aws_iam_role.d")!.reason).toBe("tainted");
  });

  it("puts the data-losing rows first in the Markdown table, flagged", () => {
    const text = renderMarkdown(review, { environment: "dev" });
    const rows = text.split("\n").filter((l) => l.startsWith("| ⛔") || l.startsWith("| ⚠️"));
    expect(rows[0]).toContain("aws_dynamodb_table.e");
    expect(rows[1]).toContain("aws_s3_bucket.c");
    expect(rows[0]).toMatch(/^\| ⛔ .*\*\*deletes every item/);
    expect(text).toContain(
      "**1 to create, 1 to update, 2 to replace, 1 to destroy, 1 to forget, 1 moved**",
    );
  });

  it("notes that a Lambda@Edge function kept with skip_destroy is only forgotten", () => {
    const r = reviewPlan(
      plan([rc("aws_lambda_function.edge", ["delete"], { before: { skip_destroy: true } })]),
    );
    expect(r.destructive[0].notes.join()).toMatch(/skip_destroy: Terraform only forgets/);
  });
});

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

describe("Markdown", () => {
  it("starts with the comment marker and says when nothing changes", () => {
    const text = markdown(plan([rc("aws_s3_bucket.a", ["no-op"], { before: {}, after: {} })]));
    expect(text.split("\n")[0]).toBe("<!-- edge-gate-plan:dev -->");
    expect(text).toContain("**No changes.**");
  });

  it("says so when Terraform could not complete the plan", () => {
    expect(markdown(plan([], { errored: true }))).toContain("**The plan did not complete**");
  });

  it("keeps plan values inside code spans: no mention, link, HTML or table break escapes", () => {
    const hostile = "x` @org/admins <img src=x onerror=alert(1)> [a](http://e) | y ``";
    const text = markdown(
      plan([
        rc("aws_cognito_user_pool_client.c", ["update"], {
          before: { callback_urls: ["https://a/cb"] },
          after: { callback_urls: [hostile] },
        }),
      ]),
    );
    const line = text.split("\n").find((l) => l.includes("callback_urls"))!;
    const span = /→ (`+)(.*)\1$/.exec(line)!;
    expect(span).not.toBeNull();
    // The fence is longer than any run of backticks inside, and no unescaped pipe is left.
    expect(span[1].length).toBeGreaterThan(2);
    expect(span[2]).toContain("@org/admins <img src=x onerror=alert(1)>");
    expect(span[2]).not.toMatch(/(^|[^\\])\|/);
  });

  it("fences the plan text with a fence no line of it can close", () => {
    const text = fenced("a\n````\n</details>\nb");
    expect(text.startsWith("`````text\n")).toBe(true);
    expect(text.endsWith("\n`````")).toBe(true);
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`a")).toBe("`` `a ``");
  });

  it("cuts a long plan text to stay under the limit, never the findings", () => {
    const before = { block_public_acls: true };
    const planText = Array.from({ length: 5000 }, (_, i) => `  + line ${i} ${"x".repeat(40)}`).join(
      "\n",
    );
    const text = markdown(
      plan([
        rc("aws_s3_bucket_public_access_block.b", ["update"], {
          before,
          after: { block_public_acls: false },
        }),
      ]),
      planText,
      20_000,
    );
    expect(text.length).toBeLessThanOrEqual(20_000);
    expect(text).toContain("block_public_acls: `true` → `false`");
    expect(text).toContain("The plan text is cut here");
    expect(text).toContain("  + line 0 ");
    expect(text).not.toContain("  + line 4999 ");
  });

  it("leaves the offline plan's stand-ins out of counts and rows", () => {
    const review = reviewPlan(
      plan([rc("terraform_data.archive_file_pkg", ["create"]), rc("aws_s3_bucket.a", ["create"])]),
      { standIns: new Set(["terraform_data.archive_file_pkg"]) },
    );
    expect(review.counts.create).toBe(1);
    expect(review.standIns).toEqual(["terraform_data.archive_file_pkg"]);
    expect(renderMarkdown(review, { environment: "dev" })).toContain(
      "1 data-source stand-in left out",
    );
  });
});

describe("readPlanJson", () => {
  it("refuses the JSON of a state", () => {
    expect(() => readPlanJson({ format_version: "1.0", values: {} }, "x.json")).toThrow(
      "x.json: this is the JSON of a state",
    );
  });

  it("refuses an unknown format version and malformed changes, naming the field", () => {
    expect(() => readPlanJson({ format_version: "2.0" })).toThrow(/format_version must be "1.x"/);
    expect(() =>
      readPlanJson(plan([{ address: "a", type: "t", name: "n", mode: "managed" }])),
    ).toThrow(/resource_changes\[0\] \(a\): change.actions must be an array/);
    expect(() => readPlanJson([])).toThrow(/got an array/);
  });
});
