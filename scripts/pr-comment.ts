// `npx tsx scripts/pr-comment.ts --environment <env> --pr <n> [--summary <file>] [--run-url <url>]`:
// posts or updates the environment's plan comment on a pull request. Reads
// GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL, as GitHub Actions sets them.
import { existsSync, readFileSync } from "node:fs";
import { commentBody, upsertComment } from "./ci/pr-comment";

const USAGE =
  "usage: npx tsx scripts/pr-comment.ts --environment <env> --pr <number> [--summary <file>] [--run-url <url>] [--author <login>]";

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith("--"))
    throw new Error(`--${name} needs a value\n${USAGE}`);
  return value;
}

function required(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} is not set\n${USAGE}`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const environment = required("--environment", option(argv, "environment"));
  const pullRequest = Number(required("--pr", option(argv, "pr")));
  if (!Number.isInteger(pullRequest) || pullRequest < 1)
    throw new Error(`--pr: a pull request number\n${USAGE}`);
  const summaryFile = option(argv, "summary");
  const runUrl = option(argv, "run-url");
  // A missing summary file is the failed-plan case: the comment says so.
  const summary =
    summaryFile && existsSync(summaryFile) ? readFileSync(summaryFile, "utf8") : undefined;
  const result = await upsertComment(
    {
      apiUrl: process.env.GITHUB_API_URL || "https://api.github.com",
      repository: required("GITHUB_REPOSITORY", process.env.GITHUB_REPOSITORY),
      token: required("GITHUB_TOKEN", process.env.GITHUB_TOKEN),
      pullRequest,
      author: option(argv, "author") ?? "github-actions[bot]",
    },
    environment,
    commentBody(environment, summary, runUrl),
  );
  console.log(`${result.action} comment ${result.id} for ${environment} on #${pullRequest}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`pr-comment: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
