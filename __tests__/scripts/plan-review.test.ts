// The plan review on plan JSON written to Terraform's documented format
// (format_version 1.2): kinds of change, masking, policy and config diffs,
// and Markdown that a value in the plan cannot break out of.
import { renderMarkdown } from "../../scripts/plan-review/markdown";
import { code, fenced } from "../../scripts/plan-review/markdown-text";
import { readPlanJson } from "../../scripts/plan-review/plan-json";
import { markdown, plan, rc } from "../support/plan-json";
import { reviewPlan } from "../../scripts/plan-review/review";

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
