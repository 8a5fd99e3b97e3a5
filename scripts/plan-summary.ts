// `npm run plan:summary -- <env>`: the Markdown review of a saved plan (from
// `npm run plan`, offline, or a real `terraform plan -out`), for a pull
// request comment or a job summary.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { environmentFiles } from "../environments/schema/load";
import {
  checkEnvironmentNames,
  checkPositionals,
  CliError,
  parseCliArgs,
  parseNumberOption,
  runCli,
} from "./cli/args";
import { OFFLINE_CLI_CONFIG, PROJECT_ROOT, STACK_FILE } from "./offline-plan/plan-stack";
import { isStandInAddress, standInAddresses } from "./offline-plan/shim";
import { terraform, terraformEnv } from "./offline-plan/terraform";
import { renderMarkdown } from "./plan-review/markdown";
import { reviewPlan } from "./plan-review/review";

const USAGE = `usage: npm run plan:summary -- <env> [options]

Reads the saved plan of <env>: .offline-plan/<env>/tfplan (npm run plan), else
cdktf.out/stacks/<env>/tfplan (terraform plan -out=tfplan in the stack dir).

  --plan <file>       a saved plan file elsewhere (terraform show runs in its directory)
  --json <file>       \`terraform show -json <planfile>\` output instead of a plan file
  --text <file>       \`terraform show -no-color <planfile>\` output (with --json)
  --out <file>        write the Markdown there instead of to stdout
  --max-chars <n>     upper bound of the Markdown (default: fits a GitHub comment)
  --link <url>        where the whole plan is, named when the plan text is cut`;

function parseArgs(argv: string[]) {
  const { values, positionals } = parseCliArgs(argv, {
    options: {
      plan: { type: "string" },
      json: { type: "string" },
      text: { type: "string" },
      out: { type: "string" },
      "max-chars": { type: "string" },
      link: { type: "string" },
    },
    allowPositionals: true,
  });
  const [env] = checkPositionals(positionals, "<env>", 1);
  if (values.text !== undefined && values.json === undefined)
    throw new CliError("--text goes with --json");
  if (values.plan !== undefined && values.json !== undefined)
    throw new CliError("give --plan or --json, not both");
  const maxChars =
    values["max-chars"] === undefined
      ? undefined
      : parseNumberOption("--max-chars", values["max-chars"], { integer: true, min: 1000 });
  // Names from the files alone: the summary labels a plan, it needs no valid config.
  const known = environmentFiles().map((file) => path.parse(file).name);
  checkEnvironmentNames([env], known);
  const { plan, json, text, out, link } = values;
  return { env, plan, json, text, out, maxChars, link };
}

function defaultPlanFile(env: string): string {
  const candidates = [
    path.join(PROJECT_ROOT, ".offline-plan", env, "tfplan"),
    path.join(PROJECT_ROOT, "cdktf.out", "stacks", env, "tfplan"),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error(
      `no saved plan for ${env}: looked for ${candidates.map((c) => path.relative(process.cwd(), c)).join(" and ")}. ` +
        `Run \`npm run plan -- ${env}\` (offline) or \`terraform plan -out=tfplan\` in cdktf.out/stacks/${env}, or pass --plan/--json.`,
    );
  }
  return found;
}

/**
 * Stand-ins, when the plan was made by the offline plan (its shimmed config
 * and CLI config sit beside it): those of the config, and those of an
 * earlier offline state that the config no longer has.
 */
function standInsOf(planDir: string, planJson: unknown): Set<string> {
  const config = path.join(planDir, STACK_FILE);
  if (!existsSync(config) || !existsSync(path.join(planDir, OFFLINE_CLI_CONFIG))) return new Set();
  const addresses = standInAddresses(JSON.parse(readFileSync(config, "utf8")));
  const changes =
    (planJson as { resource_changes?: { address?: unknown }[] }).resource_changes ?? [];
  for (const { address } of changes) {
    if (typeof address === "string" && isStandInAddress(address)) addresses.push(address);
  }
  return new Set(addresses);
}

async function showPlan(planFile: string): Promise<{ json: unknown; text: string }> {
  const cwd = path.dirname(planFile);
  const offlineConfig = path.join(cwd, OFFLINE_CLI_CONFIG);
  const env = existsSync(offlineConfig)
    ? terraformEnv(process.env, offlineConfig)
    : { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  const file = path.basename(planFile);
  const [json, text] = await Promise.all([
    terraform(["show", "-json", file], { cwd, env }),
    terraform(["show", "-no-color", file], { cwd, env }),
  ]);
  return { json: JSON.parse(json.stdout), text: text.stdout };
}

function readJsonFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  let planJson: unknown;
  let planText: string | undefined;
  let source: string;
  let planDir: string;
  if (args.json) {
    source = args.json;
    planDir = path.dirname(path.resolve(args.json));
    planJson = readJsonFile(args.json);
    planText = args.text ? readFileSync(args.text, "utf8") : undefined;
  } else {
    const planFile = path.resolve(args.plan ?? defaultPlanFile(args.env));
    if (!existsSync(planFile)) throw new Error(`${planFile}: no such plan file`);
    source = planFile;
    planDir = path.dirname(planFile);
    ({ json: planJson, text: planText } = await showPlan(planFile));
  }
  const review = reviewPlan(planJson, { standIns: standInsOf(planDir, planJson), source });
  const markdown = renderMarkdown(review, {
    environment: args.env,
    planText,
    maxChars: args.maxChars,
    fullPlanLink: args.link,
  });
  if (args.out) writeFileSync(args.out, markdown);
  else process.stdout.write(markdown);
}

runCli({ name: "plan:summary", usage: USAGE, help: "npm run plan:summary -- --help" }, main);
