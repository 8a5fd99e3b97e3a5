// Plans one synthesized stack offline: copies it into a work dir of its own
// (so stacks can plan concurrently), shims and overrides the copy, then runs
// init, validate, plan and show against the filesystem mirror.
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildOverride, OFFLINE_STATE_FILE, OVERRIDE_FILE } from "./override";
import { PlanSummary, summarizePlan } from "./plan-summary";
import { isObject, Replacement, shimStack } from "./shim";
import { JsonObject } from "./stand-ins";
import {
  checkPluginMirror,
  checkTerraform,
  init,
  plan,
  planTextFromPlanOutput,
  pluginDirFrom,
  showJson,
  showText,
  TerraformContext,
  terraformEnv,
  validate,
} from "./terraform";

export const STACK_FILE = "cdk.tf.json";
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
/** The (empty) Terraform CLI config an offline plan runs with, in its work dir. */
export const OFFLINE_CLI_CONFIG = "offline.tfrc";

export interface OfflinePlanOptions {
  /** Where the copy is planned; default `<project>/.offline-plan/<stack>/`. Recreated. */
  workDir?: string;
  /** Filesystem mirror with hashicorp/aws; default $EDGE_GATE_TF_PLUGIN_DIR or /opt/tf-plugins. */
  pluginDir?: string;
  /** Environment Terraform runs in (PATH included); default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * A state to plan against (a copy of real state from `terraform state pull`,
   * say); default none, so everything is to create. Not refreshed: the plan
   * compares the configuration with this state only.
   */
  state?: object;
  /**
   * Told as each Terraform step starts and finishes, with the time since
   * offlinePlan was called; default none, so tests and libraries stay quiet.
   */
  onProgress?: (progress: PlanProgress) => void;
  /**
   * Steps a caller does not need, each a Terraform run that loads the whole
   * provider: `validate` (the plan still fails on an invalid configuration;
   * only `terraform validate`'s warnings are lost) and `text` (the plan is
   * shown as JSON only, `planText` is empty). Default: every step runs, as
   * `npm run plan` needs.
   */
  skip?: { validate?: boolean; text?: boolean };
  /**
   * The work dir of an earlier offline plan of this project: its `.terraform`
   * (links to the mirror's provider) and lock file are copied instead of
   * running `terraform init` again, which spends about a second of CPU
   * hashing the provider. Every stack of the project needs the same provider
   * and the same (overridden) backend; Terraform refuses a copy that does not
   * fit the stack, so a wrong one fails the plan. Default: init.
   */
  initFrom?: string;
}

export type PlanStep = "init" | "validate" | "plan" | "show";

export interface PlanProgress {
  step: PlanStep;
  phase: "start" | "done";
  elapsedMs: number;
}

export interface OfflinePlanResult extends PlanSummary {
  /** `terraform show` of the saved plan (stand-ins included); empty with `skip.text`. */
  planText: string;
  /**
   * Where planText came from: what `terraform plan` printed, or a second run,
   * `terraform show`, when that output was not recognised; none with `skip.text`.
   */
  planTextSource: "plan" | "show" | "none";
  /** `terraform show -json` of the saved plan. */
  planJson: unknown;
  /** Data sources replaced by terraform_data for the offline run. */
  standIns: Replacement[];
  /** Warnings from `terraform validate`; none with `skip.validate`. */
  warnings: string[];
  workDir: string;
}

/** The exact hashicorp/aws version the stack pins, if it pins one. */
function pinnedAwsVersion(config: JsonObject): string | undefined {
  const terraform = isObject(config.terraform) ? config.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  const aws = required.aws;
  const version = isObject(aws) && typeof aws.version === "string" ? aws.version.trim() : "";
  const exact = /^=?\s*(\d+\.\d+\.\d+)$/.exec(version);
  return exact ? exact[1] : undefined;
}

/** Refuses work dirs that would delete or nest inside the stack being planned. */
function assertSeparate(stackDir: string, workDir: string): void {
  const inside = (child: string, parent: string) => {
    const relative = path.relative(parent, child);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  };
  if (inside(stackDir, workDir) || inside(workDir, stackDir)) {
    throw new Error(
      `The offline plan work dir ${workDir} overlaps the stack dir ${stackDir}; choose another.`,
    );
  }
}

const TERRAFORM_DIR = ".terraform";
const LOCK_FILE = ".terraform.lock.hcl";

/** What `terraform init` left in `from`, copied into `workDir` (links kept as links). */
async function copyInit(from: string, workDir: string): Promise<void> {
  const source = path.resolve(from);
  if (!existsSync(path.join(source, LOCK_FILE))) {
    throw new Error(`initFrom: ${source} holds no ${LOCK_FILE}; no terraform init ran there.`);
  }
  await cp(path.join(source, TERRAFORM_DIR), path.join(workDir, TERRAFORM_DIR), {
    recursive: true,
    verbatimSymlinks: true,
  });
  await cp(path.join(source, LOCK_FILE), path.join(workDir, LOCK_FILE));
}

/** Copies the stack (assets included), leaving out any earlier Terraform run. */
async function copyStack(stackDir: string, workDir: string): Promise<void> {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(path.dirname(workDir), { recursive: true });
  await cp(stackDir, workDir, {
    recursive: true,
    // A lock file or .terraform from `cdktf diff` names archive/http and
    // registry checksums; state files belong to that other run.
    filter: (source) => {
      const base = path.basename(source);
      return !(base === TERRAFORM_DIR || base === LOCK_FILE || /\.tfstate/.test(base));
    },
  });
}

type Step = <T>(name: PlanStep, run: () => Promise<T>) => Promise<T>;

interface Prepared {
  workDir: string;
  context: TerraformContext;
  replacements: Replacement[];
}

/** The shimmed copy of the stack in its work dir, initialized: everything before validate. */
async function prepare(
  stackDir: string,
  options: OfflinePlanOptions,
  step: Step,
): Promise<Prepared> {
  const source = path.resolve(stackDir);
  const stackFile = path.join(source, STACK_FILE);
  if (!existsSync(stackFile)) {
    throw new Error(`No synthesized stack at ${stackFile}: synthesize first (npx tsx main.ts).`);
  }
  const workDir = path.resolve(
    options.workDir ?? path.join(PROJECT_ROOT, ".offline-plan", path.basename(source)),
  );
  assertSeparate(source, workDir);
  const baseEnv = options.env ?? process.env;
  const pluginDir = path.resolve(pluginDirFrom(baseEnv, options.pluginDir));
  const context: TerraformContext = {
    cwd: workDir,
    env: terraformEnv(baseEnv, path.join(workDir, OFFLINE_CLI_CONFIG)),
  };

  const original = JSON.parse(await readFile(stackFile, "utf8")) as JsonObject;
  const { config, replacements } = shimStack(original);

  // Fail on a missing tool before touching the work dir.
  await checkTerraform(context.env);
  checkPluginMirror(pluginDir, pinnedAwsVersion(config));

  await copyStack(source, workDir);
  await writeFile(path.join(workDir, OFFLINE_CLI_CONFIG), "");
  await writeFile(path.join(workDir, STACK_FILE), JSON.stringify(config, null, 2));
  await writeFile(
    path.join(workDir, OVERRIDE_FILE),
    JSON.stringify(buildOverride(config), null, 2),
  );

  if (options.state) {
    await writeFile(path.join(workDir, OFFLINE_STATE_FILE), JSON.stringify(options.state, null, 2));
  }
  await step("init", () =>
    options.initFrom === undefined ? init(pluginDir, context) : copyInit(options.initFrom, workDir),
  );
  return { workDir, context, replacements };
}

const stepReporter = (options: OfflinePlanOptions): Step => {
  const started = performance.now();
  return async (name, run) => {
    options.onProgress?.({ step: name, phase: "start", elapsedMs: performance.now() - started });
    const result = await run();
    options.onProgress?.({ step: name, phase: "done", elapsedMs: performance.now() - started });
    return result;
  };
};

/**
 * Only the first step of an offline plan: the stack copied, shimmed and
 * initialized in its work dir, which it returns. Later plans of the
 * project's stacks can copy this init (`initFrom`).
 */
export async function initOfflineWorkDir(
  stackDir: string,
  options: OfflinePlanOptions = {},
): Promise<string> {
  return (await prepare(stackDir, options, stepReporter(options))).workDir;
}

export async function offlinePlan(
  stackDir: string,
  options: OfflinePlanOptions = {},
): Promise<OfflinePlanResult> {
  const step = stepReporter(options);
  const { workDir, context, replacements } = await prepare(stackDir, options, step);
  const warnings = options.skip?.validate ? [] : await step("validate", () => validate(context));
  const printed = await step("plan", () => plan(context));
  const printedText = planTextFromPlanOutput(printed);
  const planTextSource = options.skip?.text ? "none" : printedText === undefined ? "show" : "plan";
  const text = async () => (planTextSource === "show" ? showText(context) : (printedText ?? ""));
  const [planText, planJson] = await step("show", () => Promise.all([text(), showJson(context)]));

  const standInNames = new Set(replacements.map((r) => r.to.replace(/^terraform_data\./, "")));
  return {
    ...summarizePlan(planJson, standInNames),
    planText,
    planTextSource,
    planJson,
    standIns: replacements,
    warnings,
    workDir,
  };
}
