// Runs the Terraform CLI for the offline plan: preflight checks that name what
// is missing, then init (from the filesystem mirror only), validate, plan and
// show. Every call is async so several stacks can plan at once.
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Documented default mirror; EDGE_GATE_TF_PLUGIN_DIR points elsewhere. */
export const DEFAULT_PLUGIN_DIR = "/opt/tf-plugins";
export const PLUGIN_DIR_VARIABLE = "EDGE_GATE_TF_PLUGIN_DIR";

// `terraform show -json` repeats every bundle the stack embeds.
const MAX_BUFFER = 1024 * 1024 * 1024;

export interface TerraformContext {
  /** Directory Terraform runs in (the shimmed copy of the stack). */
  cwd: string;
  /** Complete environment of the child process (see terraformEnv). */
  env: NodeJS.ProcessEnv;
}

interface ExecFailure extends Error {
  code?: string | number;
  stdout?: string;
  stderr?: string;
}

export function pluginDirFrom(env: NodeJS.ProcessEnv, explicit?: string): string {
  return explicit ?? (env[PLUGIN_DIR_VARIABLE] || DEFAULT_PLUGIN_DIR);
}

/**
 * Go's collector target for Terraform and the provider it starts, unless the
 * caller set GOGC: both allocate heavily while loading the AWS provider's
 * schema, once per command. 400 (default 100) measured about 17% less CPU
 * per command for some 15% more peak memory (2.8 against 2.3 s, 314 against
 * 356 MB, for `terraform show -json` of the dev plan).
 */
const GO_GC_PERCENT = "400";

/**
 * The child environment: the caller's, minus settings that would let the plan
 * reach a real account or a shared location, plus an empty CLI config of our
 * own (a machine-wide one may point at a missing file or a network mirror).
 */
export function terraformEnv(base: NodeJS.ProcessEnv, cliConfigFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    // AWS_*: profiles or roles from the shell must not override the dummies.
    // TF_CLI_ARGS*: global flags would change what runs. TF_DATA_DIR and
    // TF_PLUGIN_CACHE_DIR: shared between concurrent runs, which is unsafe.
    // TF_WORKSPACE: the local state has only the default workspace.
    if (/^(AWS_|TF_CLI_ARGS|TF_DATA_DIR$|TF_PLUGIN_CACHE_DIR$|TF_WORKSPACE$)/.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    GOGC: env.GOGC || GO_GC_PERCENT,
  };
}

/** Terraform is on PATH and is a 1.x release with terraform_data (1.4+). */
export async function checkTerraform(env: NodeJS.ProcessEnv): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync("terraform", ["version", "-json"], { env }));
  } catch (error) {
    const failure = error as ExecFailure;
    if (failure.code === "ENOENT") {
      throw new Error(
        `terraform is not on PATH (${env.PATH ?? "PATH unset"}). The offline plan needs the Terraform CLI 1.x ` +
          "(the project uses 1.11.4): install it and put its directory on PATH.",
      );
    }
    throw new Error(`\`terraform version\` failed: ${failure.stderr || failure.message}`);
  }
  const version = String(JSON.parse(stdout).terraform_version ?? "");
  const [major, minor] = version.split(".").map(Number);
  // terraform_data, the stand-in for archive/http data sources, arrived in 1.4.
  if (major !== 1 || minor < 4) {
    throw new Error(
      `terraform ${version || "(unknown version)"} is on PATH, but the offline plan needs ` +
        "Terraform 1.x, at least 1.4 (the project uses 1.11.4).",
    );
  }
  return version;
}

/** Terraform's name for this machine's platform, e.g. linux_amd64. */
export function terraformPlatform(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  return `${os}_${arch[process.arch] ?? process.arch}`;
}

/** Versions of hashicorp/aws the mirror holds for this platform (either layout). */
export function mirroredAwsVersions(pluginDir: string): string[] {
  const dir = path.join(pluginDir, "registry.terraform.io", "hashicorp", "aws");
  if (!existsSync(dir)) return [];
  const platform = terraformPlatform();
  const versions = new Set<string>();
  for (const entry of readdirSync(dir)) {
    // Unpacked: <version>/<os_arch>/ ; packed: terraform-provider-aws_<version>_<os_arch>.zip
    if (existsSync(path.join(dir, entry, platform))) versions.add(entry);
    const packed = new RegExp(`^terraform-provider-aws_(.+)_${platform}\\.zip$`).exec(entry);
    if (packed) versions.add(packed[1]);
  }
  return [...versions];
}

/**
 * The mirror holds hashicorp/aws for this platform, in the exact version the
 * stack pins when it pins one.
 */
export function checkPluginMirror(pluginDir: string, pinnedVersion?: string): void {
  const versions = mirroredAwsVersions(pluginDir);
  const wanted = pinnedVersion ?? "any version";
  const expected = path.join(
    pluginDir,
    "registry.terraform.io",
    "hashicorp",
    "aws",
    pinnedVersion ?? "<version>",
    terraformPlatform(),
  );
  const how =
    `Put the provider there (\`terraform providers mirror ${pluginDir}\` on a machine that ` +
    `can reach the registry) or set ${PLUGIN_DIR_VARIABLE} to a mirror that has it.`;
  if (versions.length === 0) {
    throw new Error(
      `The Terraform plugin mirror ${pluginDir} has no hashicorp/aws provider ` +
        `(${wanted}) for ${terraformPlatform()}: expected ${expected}/. ${how}`,
    );
  }
  if (pinnedVersion && !versions.includes(pinnedVersion)) {
    throw new Error(
      `The Terraform plugin mirror ${pluginDir} has hashicorp/aws ${versions.join(", ")} but ` +
        `the stack pins ${pinnedVersion}: expected ${expected}/. ${how}`,
    );
  }
}

/** Runs one terraform command; failures carry the command and its stderr. */
export async function terraform(
  args: string[],
  context: TerraformContext,
  acceptExitCodes: number[] = [0],
): Promise<{ stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync("terraform", args, {
      cwd: context.cwd,
      env: context.env,
      maxBuffer: MAX_BUFFER,
    });
    return { stdout, stderr };
  } catch (error) {
    const failure = error as ExecFailure;
    if (typeof failure.code === "number" && acceptExitCodes.includes(failure.code)) {
      return { stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
    }
    const output = (failure.stderr || failure.stdout || failure.message).trim();
    throw new Error(`\`terraform ${args.join(" ")}\` failed in ${context.cwd}:\n${output}`);
  }
}

export async function init(pluginDir: string, context: TerraformContext): Promise<void> {
  // -plugin-dir disables every other installation method: no registry call.
  await terraform(["init", "-input=false", "-no-color", `-plugin-dir=${pluginDir}`], context);
}

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}

function formatDiagnostic(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : "";
  return `${d.severity}: ${d.summary}${where}${d.detail ? `\n  ${d.detail}` : ""}`;
}

/** Validates; throws with every error diagnostic, returns the warnings. */
export async function validate(context: TerraformContext): Promise<string[]> {
  // Exit code 1 means "invalid", with the diagnostics still on stdout.
  const { stdout } = await terraform(["validate", "-json", "-no-color"], context, [1]);
  const result = JSON.parse(stdout) as { valid: boolean; diagnostics?: Diagnostic[] };
  const diagnostics = result.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (!result.valid || errors.length > 0) {
    throw new Error(
      `terraform validate failed in ${context.cwd}:\n${errors.map(formatDiagnostic).join("\n")}`,
    );
  }
  return diagnostics.filter((d) => d.severity === "warning").map(formatDiagnostic);
}

export const PLAN_FILE = "tfplan";

/** Plans into PLAN_FILE; returns what `terraform plan` printed. */
export async function plan(context: TerraformContext): Promise<string> {
  // No refresh and no lock: the local state is empty and nobody shares it.
  const { stdout } = await terraform(
    ["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", `-out=${PLAN_FILE}`],
    context,
  );
  return stdout;
}

/** A data source's read, printed by `terraform plan` before the plan itself. */
const DATA_READ_LINE = /^[^\s:]+: (Reading\.\.\.|Read complete after \S+( \[id=[^\]]*\])?)$/;
/** What `terraform plan -out` prints after the plan: where it saved it and how to apply it. */
const SAVED_PLAN_TRAILER =
  /\n\n─+\n\nSaved the plan to: [^\n]+\n\nTo perform exactly these actions, run the following command to apply:\n {4}terraform apply "[^"\n]+"\n*$/;

/** A horizontal rule: Terraform draws one before any note that follows the plan. */
const RULE_LINE = /^─+$/m;

/**
 * The plan as `terraform show -no-color` prints the saved plan, taken from
 * what `terraform plan -out` printed (the same text after the data-source
 * reads, up to the saved-plan note, which TF_IN_AUTOMATION leaves out), so
 * the offline plan needs no second Terraform run to show it. Undefined for
 * anything else (diagnostics, another note, another Terraform's wording):
 * the caller then runs `terraform show`.
 */
export function planTextFromPlanOutput(stdout: string): string | undefined {
  const lines = stdout.split("\n");
  let first = 0;
  while (first < lines.length && DATA_READ_LINE.test(lines[first])) first += 1;
  const rest = lines.slice(first).join("\n");
  const trailer = SAVED_PLAN_TRAILER.exec(rest);
  const text = trailer === null ? rest : `${rest.slice(0, trailer.index)}\n`;
  if (RULE_LINE.test(text)) return undefined;
  if (!/^\n(Terraform used the selected providers|No changes\.)/.test(text)) return undefined;
  if (/^(Warning|Error): /m.test(text)) return undefined;
  return text;
}

export async function showText(context: TerraformContext): Promise<string> {
  return (await terraform(["show", "-no-color", PLAN_FILE], context)).stdout;
}

export async function showJson(context: TerraformContext): Promise<unknown> {
  return JSON.parse((await terraform(["show", "-json", PLAN_FILE], context)).stdout);
}
