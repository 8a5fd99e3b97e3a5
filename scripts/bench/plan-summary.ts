// The plan review's cost next to reading the plan at all: review and render
// the staging environment's offline plan (the largest shipped one) against a
// JSON.parse of the same `terraform show -json` text. It needs the staging
// stack synthesized in cdktf.out; without it the figure is not measured,
// with the reason.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { offlinePlan, STACK_FILE } from "../offline-plan/plan-stack";
import { terraform, terraformEnv } from "../offline-plan/terraform";
import { renderMarkdown } from "../plan-review/markdown";
import { reviewPlan } from "../plan-review/review";
import { median } from "./measure";
import type { Results } from "./report";

const RUNS = 21;

function milliseconds(run: () => unknown): number {
  const t = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export async function benchPlanSummary(root: string): Promise<Results> {
  const stack = path.join(root, "cdktf.out", "stacks", "staging");
  if (!fs.existsSync(path.join(stack, STACK_FILE))) {
    throw new Error(
      "no synthesized staging stack in cdktf.out/stacks/staging (run `npx tsx main.ts` first)",
    );
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-plan-"));
  try {
    const plan = await offlinePlan(stack, { workDir });
    const env = terraformEnv(process.env, path.join(workDir, "offline.tfrc"));
    const { stdout: json } = await terraform(["show", "-json", "tfplan"], { cwd: workDir, env });
    const time = (run: () => unknown) =>
      median(Array.from({ length: RUNS }, () => milliseconds(run)));
    const parse = time(() => JSON.parse(json));
    const parsed = JSON.parse(json);
    const review = time(() =>
      renderMarkdown(reviewPlan(parsed), { environment: "staging", planText: plan.planText }),
    );
    console.log(`  staging offline plan, median of ${RUNS}; review took ${review.toFixed(2)} ms`);
    return {
      "plan-review.staging": {
        value: review / parse,
        baseline: {
          label: `JSON.parse of the ${(json.length / 1024).toFixed(0)} KB plan JSON`,
          value: parse,
          unit: "ms",
        },
      },
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
