// `npx tsx scripts/pr-comment.ts --environment <env> --pr <n> [--summary <file>] [--run-url <url>]`:
// posts or updates the environment's plan comment on a pull request. Reads
// GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL, as GitHub Actions sets them.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { environmentFiles } from "../environments/schema/load";
import {
  checkEnvironmentNames,
  CliError,
  parseCliArgs,
  parseNumberOption,
  runCli,
} from "./cli/args";
import { commentBody, upsertComment } from "./ci/pr-comment";

const USAGE = `usage: npx tsx scripts/pr-comment.ts --environment <env> --pr <number> [options]

Posts the plan summary of <env> as a comment on pull request <number>, or
updates the comment posted before. Reads GITHUB_TOKEN, GITHUB_REPOSITORY and
GITHUB_API_URL (default https://api.github.com).

  --summary <file>   the Markdown of npm run plan:summary; missing: the plan failed
  --run-url <url>    the workflow run, linked from the comment
  --author <login>   whose comment is updated (default github-actions[bot])`;

function required(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseCliArgs(argv, {
    options: {
      environment: { type: "string" },
      pr: { type: "string" },
      summary: { type: "string" },
      "run-url": { type: "string" },
      author: { type: "string" },
    },
  });
  const { environment, pr, summary: summaryFile, "run-url": runUrl } = values;
  if (environment === undefined) throw new CliError("missing --environment <env>");
  if (pr === undefined) throw new CliError("missing --pr <number>");
  const pullRequest = parseNumberOption("--pr", pr, { integer: true, min: 1 });
  // Names from the files alone: a broken environment file must not keep the
  // comment that reports the failed plan from being posted.
  const known = environmentFiles().map((file) => path.parse(file).name);
  checkEnvironmentNames([environment], known);
  // A missing summary file is the failed-plan case: the comment says so.
  const summary =
    summaryFile && existsSync(summaryFile) ? readFileSync(summaryFile, "utf8") : undefined;
  const result = await upsertComment(
    {
      apiUrl: process.env.GITHUB_API_URL || "https://api.github.com",
      repository: required("GITHUB_REPOSITORY", process.env.GITHUB_REPOSITORY),
      token: required("GITHUB_TOKEN", process.env.GITHUB_TOKEN),
      pullRequest,
      author: values.author ?? "github-actions[bot]",
    },
    environment,
    commentBody(environment, summary, runUrl),
  );
  console.log(`${result.action} comment ${result.id} for ${environment} on #${pullRequest}`);
}

runCli({ name: "pr-comment", usage: USAGE, help: "npx tsx scripts/pr-comment.ts --help" }, main);
