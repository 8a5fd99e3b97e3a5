// `npm run plan -- [--no-synth] [<env>...]`: synthesizes the app, then plans
// each environment's stack offline (all synthesized stacks if none is named)
// with the AWS provider from the filesystem mirror and no AWS credentials;
// with --state, against a copy of a real state (not refreshed).
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import {
  offlinePlan,
  OfflinePlanResult,
  PROJECT_ROOT,
  STACK_FILE,
  summaryLine,
} from "./offline-plan/index";

const USAGE = "usage: npm run plan -- [--no-synth] [--state <file>] [<env>...]";
const STACKS_DIR = path.join(PROJECT_ROOT, "cdktf.out", "stacks");

function parseArgs(argv: string[]): { synth: boolean; envs: string[]; stateFile?: string } {
  const envs: string[] = [];
  let synth = true;
  let stateFile: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--no-synth") synth = false;
    else if (arg === "--state") {
      stateFile = argv[i + 1];
      if (!stateFile || stateFile.startsWith("-"))
        throw new Error(`--state needs a file\n${USAGE}`);
      i += 1;
    } else if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else envs.push(arg);
  }
  if (stateFile && envs.length !== 1) {
    throw new Error(`--state plans one environment against that state: name exactly one\n${USAGE}`);
  }
  return { synth, envs, stateFile };
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
}

function synthesizedStacks(): string[] {
  if (!existsSync(STACKS_DIR)) return [];
  return readdirSync(STACKS_DIR)
    .filter((name) => existsSync(path.join(STACKS_DIR, name, STACK_FILE)))
    .sort();
}

async function main(): Promise<number> {
  const { synth, envs, stateFile } = parseArgs(process.argv.slice(2));
  const state = stateFile ? readState(stateFile) : undefined;
  if (synth) await synthesize();
  const available = synthesizedStacks();
  const names = envs.length > 0 ? envs : available;
  if (names.length === 0) {
    throw new Error(`no synthesized stack in ${STACKS_DIR}; run without --no-synth.`);
  }
  const unknown = names.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `no synthesized stack for ${unknown.join(", ")} in ${STACKS_DIR} ` +
        `(found: ${available.join(", ") || "none"})`,
    );
  }

  // Each stack plans in its own work dir, so they can run side by side.
  const started = Date.now();
  const outcomes = await Promise.allSettled(
    names.map((name) => offlinePlan(path.join(STACKS_DIR, name), { state })),
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`offline plan: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
