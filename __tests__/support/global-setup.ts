// Once before every suite: a directory the run's suites share (plans made
// once, plan slots, each handler bundled once for every suite's synths), and the AWS SDK's Node-version notice said once here
// instead of once per suite that loads a client.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUNDLE_CACHE_VARIABLE } from "../../stacks/bundle-cache";
import { RUN_DIR_VARIABLE } from "./run-once";

const SDK_NOTICE_VARIABLE = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
const SDK_NODE_MAJOR = 22;

export default function globalSetup(): void {
  // Workers start after this and inherit the environment.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-test-run-"));
  process.env[RUN_DIR_VARIABLE] = runDir;
  process.env[BUNDLE_CACHE_VARIABLE] = path.join(runDir, "bundles");
  const major = Number(process.versions.node.split(".")[0]);
  if (major < SDK_NODE_MAJOR && process.env[SDK_NOTICE_VARIABLE] !== "true") {
    process.stderr.write(
      `\nNote: Node ${process.version}: AWS SDK for JavaScript v3 releases after the first week ` +
        `of January 2027 need Node ${SDK_NODE_MAJOR}; the Lambda runtimes are already nodejs22.x. ` +
        "(Said once here; the SDK's own notice is turned off for the suites.)\n",
    );
    process.env[SDK_NOTICE_VARIABLE] = "true";
  }
}
