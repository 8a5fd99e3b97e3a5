// `npm run plan -- [--no-synth] [--state <file>] [<env>...]`: synthesizes the
// app, then plans each environment's stack offline (all synthesized stacks if
// none is named) with the AWS provider from the filesystem mirror and no AWS
// credentials; with --state, against a copy of a real state (not refreshed).
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { loadEnvironments } from "../environments/schema/load";
import { checkEnvironmentNames, CliError, parseCliArgs, runCli } from "./cli/args";
import {
  offlinePlan,
  OfflinePlanResult,
  PROJECT_ROOT,
  STACK_FILE,
  summaryLine,
} from "./offline-plan/index";
import type { PlanProgress } from "./offline-plan/plan-stack";

const USAGE = `usage: npm run plan -- [--no-synth] [--state <file>] [<env>...]

Synthesizes the app, then plans each named environment's stack offline
(every synthesized stack if none is named). Progress goes to stderr.

  --no-synth        plan the stacks already in cdktf.out/stacks/
  --state <file>    plan one environment against a copy of its state
                    (terraform state pull > <file>); not refreshed`;

const STACKS_DIR = path.join(PROJECT_ROOT, "cdktf.out", "stacks");

function parseArgs(argv: string[]): { synth: boolean; envs: string[]; stateFile?: string } {
  const { values, positionals } = parseCliArgs(argv, {
    options: { "no-synth": { type: "boolean" }, state: { type: "string" } },
    allowPositionals: true,
  });
  if (values.state !== undefined && positionals.length !== 1) {
    throw new CliError("--state plans one environment against that state: name exactly one");
  }
  return { synth: !values["no-synth"], envs: positionals, stateFile: values.state };
}

/** A state file (e.g. from `terraform state pull`), read and checked. */
function readState(file: string): object {
  let state: unknown;
  try {
    state = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--state ${file}: ${(error as Error).message}`);
  }
  if (
    typeof state !== "object" ||
    state === null ||
    (state as { version?: unknown }).version !== 4
  ) {
    throw new Error(
      `--state ${file}: not a Terraform state (format version 4); use \`terraform state pull\``,
    );
  }
  return state;
}

async function synthesize(): Promise<void> {
  console.error("Synthesizing (npx tsx main.ts)...");
  const started = performance.now();
  try {
    await promisify(execFile)("npx", ["tsx", "main.ts"], {
      cwd: PROJECT_ROOT,
      // No HashiCorp checkpoint call, no spinner.
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as Error & { stderr?: string; stdout?: string };
    const output = (failure.stderr || failure.stdout || failure.message).trim();
    throw new Error(`synth failed (npx tsx main.ts):\n${output}`);
  }
  console.error(`Synthesized in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

function synthesizedStacks(): string[] {
  if (!existsSync(STACKS_DIR)) return [];
  return readdirSync(STACKS_DIR)
    .filter((name) => existsSync(path.join(STACKS_DIR, name, STACK_FILE)))
    .sort();
}

/** `[staging] validate done (12.3 s)`: planning takes minutes, so say where it is. */
function reportProgress(name: string): (progress: PlanProgress) => void {
  return ({ step, phase, elapsedMs }) =>
    console.error(
      `[${name}] ${step} ${phase === "start" ? "started" : "done"} (${(elapsedMs / 1000).toFixed(1)} s)`,
    );
}

async function main(argv: string[]): Promise<number> {
  const { synth, envs, stateFile } = parseArgs(argv);
  // Before synthesizing, which takes a while: a typo fails at once.
  if (envs.length > 0) {
    const known = loadEnvironments().map((env) => env.name);
    checkEnvironmentNames(envs, known);
  }
  const state = stateFile !== undefined ? readState(stateFile) : undefined;
  if (synth) await synthesize();
  const available = synthesizedStacks();
  const names = envs.length > 0 ? envs : available;
  const stacksDir = path.relative(process.cwd(), STACKS_DIR) || ".";
  if (names.length === 0) {
    throw new Error(`no synthesized stack in ${stacksDir}; run without --no-synth.`);
  }
  const missing = names.filter((name) => !available.includes(name));
  if (missing.length > 0) {
    const where = missing.map((name) => path.join(stacksDir, name, STACK_FILE)).join(", ");
    throw new Error(
      `${missing.join(", ")} not synthesized yet (no ${where}); ` +
        (synth ? "synth did not write it" : "run without --no-synth"),
    );
  }

  // Each stack plans in its own work dir, so they can run side by side.
  const started = Date.now();
  const outcomes = await Promise.allSettled(
    names.map((name) =>
      offlinePlan(path.join(STACKS_DIR, name), { state, onProgress: reportProgress(name) }),
    ),
  );
  const summaries: string[] = [];
  const failures: string[] = [];
  outcomes.forEach((outcome, i) => {
    const name = names[i];
    if (outcome.status === "rejected") {
      const reason = outcome.reason instanceof Error ? outcome.reason.message : outcome.reason;
      failures.push(`${name}: offline plan failed:\n${reason}`);
      return;
    }
    const result: OfflinePlanResult = outcome.value;
    // The plan text shows the terraform_data stand-ins; the summary leaves
    // them out, since the shipped stack reads data sources there instead.
    const standIns = result.standIns.map((s) => `${s.to} (for ${s.from})`);
    console.log(`===== ${name} =====\n${result.planText}`);
    if (standIns.length > 0)
      console.log(`Offline stand-ins, not counted:\n  ${standIns.join("\n  ")}\n`);
    for (const warning of result.warnings) console.error(`${name}: ${warning}`);
    summaries.push(summaryLine(name, result));
  });
  for (const line of summaries) console.log(line);
  console.error(
    `Planned ${names.length} stack(s) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  for (const failure of failures) console.error(failure);
  return failures.length > 0 ? 1 : 0;
}

runCli({ name: "plan", usage: USAGE, help: "npm run plan -- --help" }, main);
