// The CloudWatch Logs calls of `npm run edge-log-retention`: per region, find
// each edge log group by exact name and put the retention where it differs,
// every call bounded in time so a region that never answers costs seconds.
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  awsClientLimits,
  withOverallLimit,
  type AwsCallLimits,
} from "../../functions/shared/hosted-ui/outbound-limits";
import {
  describeLogsError,
  edgeLogGroupName,
  outcomeLine,
  retentionChange,
  type GroupOutcome,
  type LogsOperation,
} from "./plan";

/**
 * Limits of one call from an operator's machine to a distant region: a far
 * region answers in well under a second, so these only end a dead one.
 */
export const CLI_LOGS_LIMITS: AwsCallLimits = {
  connectMs: 5000,
  requestMs: 15000,
  maxAttempts: 2,
  overallMs: 35000,
};

/** The limits with every time limit replaced by `timeoutMs` (tests), as the functions do it. */
export function limitsFor(timeoutMs: number | undefined): AwsCallLimits {
  return timeoutMs === undefined
    ? CLI_LOGS_LIMITS
    : {
        connectMs: timeoutMs,
        requestMs: timeoutMs,
        maxAttempts: CLI_LOGS_LIMITS.maxAttempts,
        overallMs: timeoutMs,
      };
}

export interface RegionJob {
  region: string;
  functionNames: string[];
  days: number;
  dryRun: boolean;
  /** Endpoint URL (a loopback stand-in); undefined for the region's own. The region still signs. */
  endpoint?: string;
  limits: AwsCallLimits;
}

export interface RegionResult {
  region: string;
  lines: string[];
  failed: boolean;
}

type LogsClient = Pick<CloudWatchLogsClient, "send">;

class CallFailed extends Error {
  constructor(readonly line: string) {
    super(line);
  }
}

async function call<T>(
  job: RegionJob,
  operation: LogsOperation,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (err) {
    const where = { endpoint: job.endpoint, timeoutMs: job.limits.overallMs };
    throw new CallFailed(describeLogsError(err, operation, job.region, where));
  }
}

/** The group's retention if it exists (undefined: never expire), "missing" if not. */
async function findRetention(
  client: LogsClient,
  job: RegionJob,
  name: string,
): Promise<number | undefined | "missing"> {
  // A prefix matches longer names too (…-bearer-jwt-old), and AWS may answer
  // a page short or empty with a nextToken: page until the exact name or the end.
  let nextToken: string | undefined;
  do {
    const page = await call(job, "DescribeLogGroups", () =>
      client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken })),
    );
    const found = page.logGroups?.find((g) => g.logGroupName === name);
    if (found) return found.retentionInDays;
    nextToken = page.nextToken;
  } while (nextToken);
  return "missing";
}

async function groupOutcome(
  client: LogsClient,
  job: RegionJob,
  name: string,
): Promise<GroupOutcome> {
  const current = await findRetention(client, job, name);
  if (current === "missing") return { kind: "missing" };
  if (retentionChange(current, job.days) === "keep") return { kind: "kept", days: job.days };
  if (!job.dryRun) {
    await call(job, "PutRetentionPolicy", () =>
      client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: job.days })),
    );
  }
  return { kind: "set", days: job.days, was: current, dryRun: job.dryRun };
}

export function logsClient(job: RegionJob): LogsClient {
  const client = new CloudWatchLogsClient({
    region: job.region,
    endpoint: job.endpoint,
    ...awsClientLimits(job.limits),
  });
  return withOverallLimit(client, job.limits.overallMs);
}

/** One region: a line per log group; a failed call ends the region with its error line. */
export async function runRegion(job: RegionJob, client = logsClient(job)): Promise<RegionResult> {
  const lines: string[] = [];
  try {
    for (const fn of job.functionNames) {
      const group = edgeLogGroupName(fn);
      lines.push(outcomeLine(job.region, group, await groupOutcome(client, job, group)));
    }
    return { region: job.region, lines, failed: false };
  } catch (err) {
    if (!(err instanceof CallFailed)) throw err;
    return { region: job.region, lines: [...lines, err.line], failed: true };
  }
}

/** `work` over `items`, at most `bound` at a time; results in the items' order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  bound: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(bound, items.length) }, worker));
  return results;
}
