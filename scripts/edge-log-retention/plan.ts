// The decisions of `npm run edge-log-retention`, as pure functions: which log
// groups an environment's Lambda@Edge functions write to, which regions to
// visit, what retention to set, and how each outcome reads on one line.
import type { Environment } from "../../environments/schema";
import { LOG_RETENTION_DAYS } from "../../environments/schema/logging";
import { Naming } from "../../stacks/naming";
import { CliError } from "../cli/args";

/**
 * Lambda@Edge runs a function in the regional edge cache nearest the viewer
 * and logs to that cache's region, so these are the regions its log groups
 * can appear in: the regions that host CloudFront regional edge caches.
 */
export const EDGE_CACHE_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "sa-east-1",
] as const;

/**
 * The environment's Lambda@Edge function names, as the stack names them
 * (stacks/protection/*.ts); none in signed-cookie mode, where CloudFront
 * itself checks the cookies.
 */
export function edgeFunctionNames(env: Pick<Environment, "name" | "protection">): string[] {
  const naming = new Naming(env);
  switch (env.protection.mode) {
    case "bearer-jwt":
      return [naming.resource("bearer-jwt")];
    case "session-cookie":
      return [naming.resource("session-checker")];
    case "signed-cookie":
      return [];
  }
}

/** Lambda@Edge logs in each region to a group named after the us-east-1 function. */
export const edgeLogGroupName = (functionName: string) => `/aws/lambda/us-east-1.${functionName}`;

/** `--days`, or the environment's `logging.retentionDays`: a period CloudWatch Logs accepts. */
export function retentionDays(env: Pick<Environment, "logging">, days: number | undefined): number {
  const chosen = days ?? env.logging.retentionDays;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(chosen)) {
    throw new CliError(
      `--days must be one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(", ")}; got ${chosen}`,
    );
  }
  return chosen;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** `--regions r1,r2`: each a region name, each once, at least one. */
export function parseRegions(text: string): string[] {
  const regions = text
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.length === 0) throw new CliError("--regions needs at least one region");
  const bad = regions.find((r) => !REGION.test(r));
  if (bad !== undefined) {
    throw new CliError(`--regions: ${JSON.stringify(bad)} is not an AWS region name`);
  }
  return [...new Set(regions)];
}

/**
 * Time limits per region from `EDGE_GATE_LOGS_TIMEOUT_MS`: `<ms>` for every
 * region, `<region>=<ms>` for one (tests: one region that never answers gets
 * a short limit, the rest a generous one). Undefined where not set.
 */
export function parseTimeouts(text: string | undefined): (region: string) => number | undefined {
  const byRegion = new Map<string, number>();
  let all: number | undefined;
  for (const item of (text ?? "").split(",").map((i) => i.trim())) {
    if (item === "") continue;
    const [region, ms] = item.includes("=") ? item.split("=", 2) : [undefined, item];
    const value = Number(ms);
    if (!Number.isInteger(value) || value < 1 || (region !== undefined && !REGION.test(region))) {
      throw new Error(
        `EDGE_GATE_LOGS_TIMEOUT_MS: ${JSON.stringify(item)} is neither <ms> nor <region>=<ms>`,
      );
    }
    if (region === undefined) all = value;
    else byRegion.set(region, value);
  }
  return (region) => byRegion.get(region) ?? all;
}

/** What to do with a log group: set the retention, or leave an equal one alone. */
export function retentionChange(current: number | undefined, wanted: number): "set" | "keep" {
  return current === wanted ? "keep" : "set";
}

const describeRetention = (days: number | undefined) =>
  days === undefined ? "never expire" : `${days} day${days === 1 ? "" : "s"}`;

export type GroupOutcome =
  | { kind: "missing" }
  | { kind: "kept"; days: number }
  | { kind: "set"; days: number; was: number | undefined; dryRun: boolean };

/** One region's line: `eu-west-1: /aws/lambda/us-east-1.prod-bearer-jwt: retention 30 days (was never expire)`. */
export function outcomeLine(region: string, group: string, outcome: GroupOutcome): string {
  const head = `${region}: ${group}`;
  switch (outcome.kind) {
    case "missing":
      return `${head}: no log group (the function has not run here)`;
    case "kept":
      return `${head}: retention ${describeRetention(outcome.days)} (unchanged)`;
    case "set":
      return outcome.dryRun
        ? `${head}: would set retention ${describeRetention(outcome.days)} (now ${describeRetention(outcome.was)})`
        : `${head}: retention ${describeRetention(outcome.days)} (was ${describeRetention(outcome.was)})`;
  }
}

/** The IAM action each call needs, for when access is denied. */
const PERMISSIONS = {
  DescribeLogGroups: "logs:DescribeLogGroups",
  PutRetentionPolicy: "logs:PutRetentionPolicy",
} as const;
export type LogsOperation = keyof typeof PERMISSIONS;

/** AWS errors carry their type in `name`; network errors are plain Errors with a `code`. */
function errorName(err: unknown): string {
  const { name, code } = (err ?? {}) as { name?: unknown; code?: unknown };
  if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
  return typeof name === "string" ? name : "Error";
}

/** A failed call in `region` on one line, saying what to do about it. */
export function describeLogsError(
  err: unknown,
  operation: LogsOperation,
  region: string,
  where: { endpoint?: string; timeoutMs: number },
): string {
  const name = errorName(err);
  const message = (err instanceof Error ? err.message : String(err)).split("\n")[0];
  const head = `${region}: error:`;
  if (name === "AccessDeniedException" || /not authorized to perform/i.test(message)) {
    return `${head} access denied (${operation}): your AWS identity needs ${PERMISSIONS[operation]} on the log group in ${region}`;
  }
  if (/Credentials/.test(name) || /could not load credentials/i.test(message)) {
    return `${head} no AWS credentials found: set AWS_PROFILE (after \`aws sso login\`) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`;
  }
  if (/^(UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId)/.test(name)) {
    return `${head} AWS rejected the credentials (${name}: ${message}); refresh them and retry`;
  }
  const target = where.endpoint ?? `CloudWatch Logs in ${region}`;
  if (name === "TimeoutError" || name === "AbortError") {
    return `${head} no answer from ${target} within ${where.timeoutMs} ms (${operation})`;
  }
  if (/^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|EPIPE)$/.test(name)) {
    return `${head} cannot reach ${target} (${name}); check the network or EDGE_GATE_LOGS_ENDPOINT`;
  }
  return `${head} ${operation} failed: ${name}: ${message}`;
}
