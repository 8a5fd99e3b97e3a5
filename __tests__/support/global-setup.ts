// Once before every suite: a directory the run's suites share (plans made
// once, plan slots, each handler bundled once for every suite's synths), and
// the AWS SDK's Node-version notice said once here instead of once per suite
// that loads a client.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUNDLE_CACHE_VARIABLE } from "../../stacks/bundle-cache";
import { RUN_DIR_VARIABLE } from "./run-once";
import { sayNodeNoticeOnce } from "../../scripts/cli/sdk-node-notice";

export default function globalSetup(): void {
  // Workers start after this and inherit the environment.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-test-run-"));
  process.env[RUN_DIR_VARIABLE] = runDir;
  process.env[BUNDLE_CACHE_VARIABLE] = path.join(runDir, "bundles");
  sayNodeNoticeOnce();
}
