// `npm run edge-log-retention -- <env>`: sets retention on the log groups its
// Lambda@Edge functions write to in every region they ran in, which Lambda
// creates (not the stack) and keeps forever unless told otherwise.
import { loadEnvironments } from "../environments/schema/load";
import {
  checkPositionals,
  findEnvironment,
  parseCliArgs,
  parseNumberOption,
  runCli,
} from "./cli/args";
import { limitsFor, mapBounded, runRegion } from "./edge-log-retention/apply";
import {
  EDGE_CACHE_REGIONS,
  edgeFunctionNames,
  parseRegions,
  parseTimeouts,
  retentionDays,
} from "./edge-log-retention/plan";

const USAGE = `usage: npm run edge-log-retention -- <env> [--days N] [--regions r1,r2,...] [--dry-run]

Sets the retention of the log groups /aws/lambda/us-east-1.<function> that <env>'s
Lambda@Edge functions write to in each region (Lambda creates them without retention).

  --days N        retention in days (default: the environment's logging.retentionDays);
                  one of CloudWatch Logs' periods: 1, 3, 5, 7, 14, 30, 60, 90, ...
  --regions list  regions to visit (default: every region with a CloudFront regional
                  edge cache, where Lambda@Edge runs)
  --dry-run       only report what would change

Needs logs:DescribeLogGroups and logs:PutRetentionPolicy; AWS credentials from the
usual places (AWS_PROFILE, environment, SSO). EDGE_GATE_LOGS_ENDPOINT replaces the
CloudWatch Logs endpoint (the region still signs).`;

/** Regions visited at once: enough to finish quickly, few enough to stay clear of throttling. */
const PARALLEL_REGIONS = 4;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, {
    options: {
      days: { type: "string" },
      regions: { type: "string" },
      "dry-run": { type: "boolean" },
    },
    allowPositionals: true,
  });
  const [envName] = checkPositionals(positionals, "<env>", 1);
  const days =
    values.days === undefined
      ? undefined
      : parseNumberOption("--days", values.days, { integer: true, min: 1 });
  const regions =
    values.regions === undefined ? [...EDGE_CACHE_REGIONS] : parseRegions(values.regions);
  const env = findEnvironment(envName, loadEnvironments());
  const wanted = retentionDays(env, days);
  const timeoutFor = parseTimeouts(process.env.EDGE_GATE_LOGS_TIMEOUT_MS);

  const functionNames = edgeFunctionNames(env);
  if (functionNames.length === 0) {
    console.log(
      `${env.name} runs no Lambda@Edge function (${env.protection.mode} mode): nothing to do`,
    );
    return 0;
  }
  // The SDK's notice about its future Node support is for whoever maintains
  // package.json; it would bury the report. Set the variable to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const endpoint = process.env.EDGE_GATE_LOGS_ENDPOINT || undefined;
  const results = await mapBounded(regions, PARALLEL_REGIONS, (region) =>
    runRegion({
      region,
      functionNames,
      days: wanted,
      dryRun: values["dry-run"] === true,
      endpoint,
      limits: limitsFor(timeoutFor(region)),
    }),
  );
  for (const result of results) for (const line of result.lines) console.log(line);
  const failed = results.filter((r) => r.failed).length;
  if (failed === 0) return 0;
  console.error(
    `edge-log-retention: ${failed} of ${results.length} regions failed; run again once fixed (regions already set are left alone)`,
  );
  return 1;
}

runCli(
  { name: "edge-log-retention", usage: USAGE, help: "npm run edge-log-retention -- --help" },
  main,
);
