// Every CLI under scripts/ behaves alike: --help prints the usage and exits 0,
// a command-line mistake is one line on stderr pointing at --help, and an
// unknown environment is answered with the list of environments. The CLIs run
// as child processes, side by side, and fail before any synth or Terraform.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { loadEnvironments } from "../../environments/schema/load";
import {
  checkEnvironmentNames,
  checkPositionals,
  CliError,
  errorLine,
  findEnvironment,
  parseCliArgs,
  parseNumberOption,
  wantsHelp,
} from "../../scripts/cli/args";
import { inBatches } from "../support/in-batches";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

const ROOT = path.resolve(__dirname, "..", "..");
const ENVIRONMENTS = loadEnvironments().map((env) => env.name);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, path.join("scripts", script), ...args],
      { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface CliCase {
  script: string;
  /** The prefix of its error lines. */
  name: string;
  /** Arguments that are right but for the option or name under test. */
  before?: string[];
  /** How an unknown environment is named to it; none if it takes no environment. */
  unknownEnv?: string[];
  /** Also try -h (runCli treats it as --help for every CLI it runs; one of those will do). */
  shortHelp?: boolean;
}

const CLIS: CliCase[] = [
  { script: "offline-plan.ts", name: "plan", unknownEnv: ["nosuchenv"] },
  { script: "plan-summary.ts", name: "plan:summary", unknownEnv: ["nosuchenv"] },
  {
    script: "iam-policy.ts",
    name: "iam-policy",
    unknownEnv: ["nosuchenv", "--repo", "acme/edge-gate"],
  },
  {
    script: "signing-key.ts",
    name: "keys",
    before: ["create"],
    unknownEnv: ["create", "nosuchenv"],
    shortHelp: true,
  },
  { script: "ci-environment.ts", name: "ci-environment", unknownEnv: ["nosuchenv"] },
  {
    script: "pr-comment.ts",
    name: "pr-comment",
    unknownEnv: ["--environment", "nosuchenv", "--pr", "7"],
  },
  { script: "synth.ts", name: "synth", shortHelp: true },
  { script: "environment-json-schema.ts", name: "schema" },
];

type Probe = "help" | "shortHelp" | "unknownOption" | "unknownEnv";
const outcomes = new Map<string, Run>();
const outcome = (cli: CliCase, probe: Probe) => outcomes.get(`${cli.script} ${probe}`)!;

/** The command lines to try, each CLI's own arguments first. */
function probes(cli: CliCase): [Probe, string[]][] {
  const list: [Probe, string[]][] = [
    ["help", ["--help"]],
    ["unknownOption", [...(cli.before ?? []), "--bogus"]],
  ];
  if (cli.shortHelp) list.push(["shortHelp", [...(cli.before ?? []), "-h"]]);
  if (cli.unknownEnv) list.push(["unknownEnv", cli.unknownEnv]);
  return list;
}

beforeAll(async () => {
  const jobs = CLIS.flatMap((cli) =>
    probes(cli).map(([probe, args]) => async () => {
      outcomes.set(`${cli.script} ${probe}`, await run(cli.script, args));
    }),
  );
  await inBatches(jobs, 4);
}, 120_000);

/** A refusal as every CLI gives it: exit 1, nothing on stdout, one line on stderr, no stack. */
function expectOneLineRefusal(result: Run, name: string): string {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`${name}: `)).toBe(true);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return lines[0];
}

describe.each(CLIS)("$script", (cli) => {
  test("--help prints the usage on stdout and exits 0", () => {
    const help = outcome(cli, "help");
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^usage: /);
    if (cli.shortHelp) expect(outcome(cli, "shortHelp")).toEqual(help);
  });

  test("an unknown option is one line on stderr that points at --help", () => {
    const line = expectOneLineRefusal(outcome(cli, "unknownOption"), cli.name);
    expect(line).toMatch(new RegExp(`^${cli.name}: unknown option --bogus \\(.*--help\\)$`));
  });

  if (cli.unknownEnv) {
    test("an unknown environment is answered with the environments, before any work", () => {
      const result = outcome(cli, "unknownEnv");
      const line = expectOneLineRefusal(result, cli.name);
      expect(line).toContain('"nosuchenv"');
      expect(line).toContain(`environments: ${ENVIRONMENTS.join(", ")}`);
      expect(result.stderr).not.toContain("Synthesizing");
    });
  }
});

describe("parseCliArgs", () => {
  const options = { state: { type: "string" }, force: { type: "boolean", short: "f" } } as const;
  const rejection = (argv: string[], allowPositionals = false) => {
    try {
      parseCliArgs(argv, { options, allowPositionals });
    } catch (error) {
      expect(error).toBeInstanceOf(CliError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${argv.join(" ")}`);
  };

  test("returns typed values and positionals", () => {
    const { values, positionals } = parseCliArgs(["--state=s.json", "-f", "dev"], {
      options,
      allowPositionals: true,
    });
    expect(values).toEqual({ state: "s.json", force: true });
    expect(positionals).toEqual(["dev"]);
  });

  test.each([
    [["--foo"], "unknown option --foo"],
    [["-x"], "unknown option -x"],
    [["--state"], "--state needs a value"],
    [["--state", "--force"], "--state needs a value"],
    [["--force=yes"], "--force takes no value"],
    [["dev"], 'unexpected argument "dev"'],
    [["--", "-x"], 'unexpected argument "-x"'],
  ])("says %j in one line: %s", (argv, message) => {
    expect(rejection(argv)).toBe(message);
  });

  test("a value may start with a dash when written inline", () => {
    expect(parseCliArgs(["--state=-"], { options }).values.state).toBe("-");
  });
});

describe("the shared checks", () => {
  test("wantsHelp: --help or -h anywhere before --", () => {
    expect(wantsHelp(["dev", "--help"])).toBe(true);
    expect(wantsHelp(["-h"])).toBe(true);
    expect(wantsHelp(["--", "--help"])).toBe(false);
    expect(wantsHelp(["--helpful"])).toBe(false);
  });

  test("checkPositionals names what is missing or extra", () => {
    expect(checkPositionals(["dev"], "<env>", 1)).toEqual(["dev"]);
    expect(() => checkPositionals([], "<env>", 1)).toThrow("missing <env>");
    expect(() => checkPositionals(["dev", "prod"], "<env>", 1)).toThrow(
      'one <env> only; unexpected "prod"',
    );
    expect(() => checkPositionals(["x"], "<env>", 0)).toThrow('unexpected argument "x"');
  });

  test("parseNumberOption takes numbers in range only", () => {
    expect(parseNumberOption("--pr", "12", { integer: true, min: 1 })).toBe(12);
    expect(parseNumberOption("--ratio", "0.5", { max: 1 })).toBe(0.5);
    for (const bad of ["", "x", "1.5", "0", "1e400"]) {
      expect(() => parseNumberOption("--pr", bad, { integer: true, min: 1 })).toThrow(
        `--pr must be a whole number, at least 1; got ${JSON.stringify(bad)}`,
      );
    }
  });

  test("checkEnvironmentNames and findEnvironment list the environments", () => {
    const valid = ["dev", "partners", "prod", "staging"];
    expect(() => checkEnvironmentNames(["dev", "prod"], valid)).not.toThrow();
    expect(() => checkEnvironmentNames(["x"], valid)).toThrow(
      'no environment "x"; environments: dev, partners, prod, staging',
    );
    expect(() => checkEnvironmentNames(["x", "dev", "y"], valid)).toThrow(
      'no environments "x", "y"; environments: dev, partners, prod, staging',
    );
    const environments = valid.map((name) => ({ name }));
    expect(findEnvironment("prod", environments)).toBe(environments[2]);
    expect(() => findEnvironment("qa", [])).toThrow('no environment "qa"; environments: none');
  });

  test("errorLine points at --help for command-line mistakes only", () => {
    const cli = { name: "plan", usage: "usage: npm run plan", help: "npm run plan -- --help" };
    expect(errorLine(cli, new CliError("unknown option --foo"))).toBe(
      "plan: unknown option --foo (npm run plan -- --help)",
    );
    expect(errorLine(cli, new CliError('no environment "x"; environments: dev', false))).toBe(
      'plan: no environment "x"; environments: dev',
    );
    expect(errorLine(cli, new Error("terraform failed"))).toBe("plan: terraform failed");
  });
});
