// The AWS SDK's notice that its 2027 releases need Node 22: said once at the
// start of a run (the test suites' global setup, the bench, the local
// environment), and turned off for the rest of it, workers and child
// processes included (they inherit the environment), instead of once per
// process that loads a client.
const SDK_NOTICE_VARIABLE = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
const SDK_NODE_MAJOR = 22;

export function sayNodeNoticeOnce(): void {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < SDK_NODE_MAJOR && process.env[SDK_NOTICE_VARIABLE] !== "true") {
    process.stderr.write(
      `\nNote: Node ${process.version}: AWS SDK for JavaScript v3 releases after the first week ` +
        `of January 2027 need Node ${SDK_NODE_MAJOR}; the Lambda runtimes are already nodejs22.x. ` +
        "(Said once here; the SDK's own notice is turned off for this run.)\n",
    );
    process.env[SDK_NOTICE_VARIABLE] = "true";
  }
}
