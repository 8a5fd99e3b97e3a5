// Runs once before any e2e suite: without a browser there is nothing to
// test, so the run stops here with one line instead of a failure per test.
// The AWS SDK's Node notice is said once here, not by every function worker.
import { sayNodeNoticeOnce } from "../../scripts/cli/sdk-node-notice";
import { chromiumProblem, launchPlan } from "./chromium";

export default function globalSetup(): void {
  const problem = chromiumProblem(launchPlan(process.env, process.getuid?.()).executablePath);
  if (problem !== null) throw problem;
  sayNodeNoticeOnce();
}
