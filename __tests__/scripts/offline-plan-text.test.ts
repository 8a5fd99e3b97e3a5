// The offline plan takes the plan's text from what `terraform plan -out`
// printed instead of a second Terraform run: the same text `terraform show`
// prints, or nothing (then it runs `terraform show`) when the output is not
// shaped as expected. The integration suite compares it with a real show.
import { planTextFromPlanOutput } from "../../scripts/offline-plan/terraform";

const BODY = `
Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

Terraform will perform the following actions:

  # aws_s3_bucket.content will be created
  + resource "aws_s3_bucket" "content" {
      + bucket_prefix = "edge-gate-"
    }

Plan: 1 to add, 0 to change, 0 to destroy.
`;
const READS = [
  "data.aws_partition.partition: Reading...",
  "data.aws_partition.partition: Read complete after 0s [id=aws]",
].join("\n");
const TRAILER = `
─────────────────────────────────────────────────────────────────────────────

Saved the plan to: tfplan

To perform exactly these actions, run the following command to apply:
    terraform apply "tfplan"
`;

describe("planTextFromPlanOutput", () => {
  it("is the plan without the data-source reads before it and the saved-plan note after it", () => {
    expect(planTextFromPlanOutput(`${READS}\n${BODY}${TRAILER}`)).toBe(BODY);
    expect(planTextFromPlanOutput(`${BODY}${TRAILER}`)).toBe(BODY);
  });

  it("is the whole output after the reads when Terraform runs in automation (no saved-plan note)", () => {
    // TF_IN_AUTOMATION, which the offline plan sets, leaves the note out.
    expect(planTextFromPlanOutput(`${READS}\n${BODY}`)).toBe(BODY);
    expect(planTextFromPlanOutput(BODY)).toBe(BODY);
  });

  it("keeps a plan with no changes", () => {
    const none = "\nNo changes. Your infrastructure matches the configuration.\n";
    expect(planTextFromPlanOutput(`${none}${TRAILER}`)).toBe(none);
  });

  it("gives nothing for output it does not recognise, so the caller runs terraform show", () => {
    expect(planTextFromPlanOutput(`${READS}\nsomething else\n`)).toBeUndefined();
    const otherNote = `${BODY}\n─────────────────\n\nNote: something new\n`;
    expect(planTextFromPlanOutput(otherNote)).toBeUndefined();
    expect(planTextFromPlanOutput(`${READS}\nsomething else\n${TRAILER}`)).toBeUndefined();
    const warned = `${BODY}\nWarning: Argument is deprecated\n\n  with aws_s3_bucket.content,\n${TRAILER}`;
    expect(planTextFromPlanOutput(warned)).toBeUndefined();
    expect(planTextFromPlanOutput("")).toBeUndefined();
  });
});
