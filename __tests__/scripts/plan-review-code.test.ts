// Function code in the plan review: the stack records each bundle's SHA-256
// and size in a terraform_data beside the function, and the summary names
// every function whose code changes, with both hashes and the size delta.
import { reviewPlan } from "../../scripts/plan-review/review";
import { markdown, plan, rc } from "../support/plan-json";

const OLD = "a".repeat(64);
const NEW = "b".repeat(64);

function codeRecord(fn: string, sha256: string, bytes: number) {
  return { input: { function: fn, "index.js": { sha256, bytes } }, output: { function: fn } };
}

describe("function code changes", () => {
  const changed = plan([
    rc("terraform_data.checker_code-record_1", ["update"], {
      before: codeRecord("staging-session-checker", OLD, 25_186),
      after: codeRecord("staging-session-checker", NEW, 25_698),
      after_unknown: { output: true },
    }),
    rc("terraform_data.manager_code-record_2", ["create"], {
      after: codeRecord("staging-session-manager", NEW, 563_105),
      after_unknown: { output: true },
    }),
    rc("terraform_data.unchanged_code-record_3", ["update"], {
      before: codeRecord("staging-cookie-issuer", OLD, 1_000),
      after: codeRecord("staging-cookie-issuer", OLD, 1_000),
    }),
    rc("terraform_data.config-record_4", ["update"], {
      before: { input: { function: "x", "config.json": { a: 1 } } },
      after: { input: { function: "x", "config.json": { a: 2 } } },
    }),
  ]);

  it("names each function whose code hash changes, with old and new hash and sizes", () => {
    expect(reviewPlan(changed).code).toEqual([
      {
        function: "staging-session-checker",
        address: "terraform_data.checker_code-record_1",
        before: { sha256: OLD, bytes: 25_186 },
        after: { sha256: NEW, bytes: 25_698 },
      },
      {
        function: "staging-session-manager",
        address: "terraform_data.manager_code-record_2",
        after: { sha256: NEW, bytes: 563_105 },
      },
    ]);
  });

  it("shows a table of code changes with short hashes and the size delta", () => {
    const text = markdown(changed);
    expect(text).toContain("#### 📦 Function code (2)");
    expect(text).toContain(
      "| `staging-session-checker` | `aaaaaaaaaaaa` | `bbbbbbbbbbbb` | 25,186 → 25,698 bytes (+512) |",
    );
    expect(text).toContain("| `staging-session-manager` | new | `bbbbbbbbbbbb` | 563,105 bytes |");
  });

  it("reports a removed function's code as removed", () => {
    const removed = plan([
      rc("terraform_data.gone_code-record_1", ["delete"], {
        before: codeRecord("dev-bearer-jwt", OLD, 28_539),
      }),
    ]);
    expect(markdown(removed)).toContain(
      "| `dev-bearer-jwt` | `aaaaaaaaaaaa` | removed | 28,539 bytes |",
    );
  });

  it("says nothing about code when no bundle changes", () => {
    const none = plan([rc("aws_s3_bucket.a", ["create"])]);
    expect(reviewPlan(none).code).toEqual([]);
    expect(markdown(none)).not.toContain("Function code");
  });

  it("never reads a record whose fields are not a hash and a size", () => {
    const odd = plan([
      rc("terraform_data.odd_1", ["update"], {
        before: { input: { function: "f", "index.js": "<code>" } },
        after: { input: { function: "f", "index.js": { sha256: "x`y", bytes: "1" } } },
      }),
    ]);
    expect(reviewPlan(odd).code).toEqual([]);
  });
});
