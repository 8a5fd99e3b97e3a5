// The plan review's cost next to reading the plan at all: review and render
// the staging environment's offline plan (the largest shipped one) against a
// JSON.parse of the same `terraform show -json` text.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { offlinePlan } from "../offline-plan/plan-stack";
import { terraform, terraformEnv } from "../offline-plan/terraform";
import { renderMarkdown } from "../plan-review/markdown";
import { reviewPlan } from "../plan-review/review";
import { median } from "./measure";

export async function benchPlanSummary(root: string): Promise<void> {
  const stack = path.join(root, "cdktf.out", "stacks", "staging");
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-plan-"));
  try {
    const plan = await offlinePlan(stack, { workDir });
    const env = terraformEnv(process.env, path.join(workDir, "offline.tfrc"));
    const { stdout: json } = await terraform(["show", "-json", "tfplan"], { cwd: workDir, env });
    const time = (run: () => unknown) =>
      median(
        Array.from({ length: 21 }, () => {
          const t = process.hrtime.bigint();
          run();
          return Number(process.hrtime.bigint() - t) / 1e6;
        }),
      );
    const parse = time(() => JSON.parse(json));
    const parsed = JSON.parse(json);
    const review = time(() =>
      renderMarkdown(reviewPlan(parsed), { environment: "staging", planText: plan.planText }),
    );
    console.log(
      `Plan summary (staging offline plan, ${(json.length / 1024).toFixed(0)} KB of plan JSON, median of 21):`,
    );
    console.log(`  JSON.parse of the plan:  ${parse.toFixed(2)} ms`);
    console.log(
      `  review + Markdown:       ${review.toFixed(2)} ms  (ratio ${(review / parse).toFixed(2)})`,
    );
  } catch (error) {
    console.log(`Plan summary: skipped (${(error as Error).message.split("\n")[0]})`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
