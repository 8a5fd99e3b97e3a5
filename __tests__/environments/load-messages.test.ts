// Messages of a bad environment: fields of the wrong type, files that cannot
// be read (with line and column), and every problem of every file at once.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import dev from "../../environments/dev";
import { validateEnvironment } from "../../environments/schema/load";
import { type AnyConfig, jsonVariant, loadedFiles } from "../support/environment-problems";

type Editable = { protection: Record<string, unknown>; homeRegion?: unknown };

function problemsOf(edit: (raw: Editable) => void) {
  const raw = structuredClone(dev) as unknown as Editable;
  edit(raw);
  return validateEnvironment(raw, "environments/dev.ts").problems;
}

describe("messages for fields of the wrong type", () => {
  it("says a fraction is not a whole number, naming the value", () => {
    expect(problemsOf((raw) => (raw.protection.clockSkewSeconds = 1.5))).toEqual([
      {
        file: "environments/dev.ts",
        field: "protection.clockSkewSeconds",
        message: "expected a whole number; got 1.5",
      },
    ]);
  });

  it("says a string is not a number", () => {
    const [problem] = problemsOf((raw) => (raw.protection.clockSkewSeconds = "30"));
    expect(problem.message).toBe('expected a number; got "30"');
  });

  it("calls a missing field required", () => {
    const [problem] = problemsOf((raw) => delete raw.homeRegion);
    expect(problem).toMatchObject({ field: "homeRegion" });
    expect(problem.message).toMatch(/^required|region/);
  });
});

/** An environment run only by hand: local state, no CI. */
function byHand(env: AnyConfig): void {
  env.backend = { type: "local" };
  delete env.deployment;
}

describe("a file that cannot be read points at the line and column", () => {
  it("gives a TypeScript syntax error's line, column and the parser's message", () => {
    const { problems, message } = loadedFiles({
      "qa.ts": [
        "export default {",
        '  name: "qa",',
        '  homeRegion: "eu-west-1" "eu-central-1",',
        "};",
        "",
      ].join("\n"),
    });
    const parser = 'Expected "}" but found "\\"eu-central-1\\""';
    expect(problems).toEqual([
      { file: "environments/qa.ts", line: 3, column: 27, field: "(file)", message: parser },
    ]);
    expect(message).toBe(
      [
        "Invalid environment configuration (1 problem):",
        `  environments/qa.ts:3:27: ${parser}`,
      ].join("\n"),
    );
  });

  it("gives a JSON syntax error's line and column, not a character position", () => {
    const { message } = loadedFiles({
      "qa.json": [
        "{",
        '  "name": "qa",',
        '  "homeRegion": "eu-west-1"',
        '  "bucket": {}',
        "}",
      ].join("\n"),
    });
    expect(message).toBe(
      [
        "Invalid environment configuration (1 problem):",
        '  environments/qa.json:4:3: Expected "," in JSON but found "\\"bucket\\""',
      ].join("\n"),
    );
  });

  it("counts columns in characters, not bytes", () => {
    const { problems } = loadedFiles({
      "qa.json": ["{", '  "tags": { "équipe": "zoë" "x" }', "}"].join("\n"),
    });
    expect(problems).toEqual([expect.objectContaining({ line: 2, column: 29 })]);
  });

  it("reads a JSON file saved with a byte-order mark", () => {
    expect(loadedFiles({ "qa.json": `\ufeff${jsonVariant("dev", "qa", byHand)}` })).toEqual({
      problems: [],
      message: "",
    });
  });

  it("points at the line of an error the file throws", () => {
    const { message } = loadedFiles({
      "qa.ts": [
        'const region: string = "eu-west-1";',
        'if (region) throw new Error("no environment today");',
        'export default { name: "qa" };',
        "",
      ].join("\n"),
    });
    expect(message).toBe(
      [
        "Invalid environment configuration (1 problem):",
        "  environments/qa.ts:2:19: cannot be loaded: no environment today",
      ].join("\n"),
    );
  });

  it("reports a thrown non-Error value instead of crashing", () => {
    const { problems } = loadedFiles({ "qa.ts": 'throw "not today";\n' });
    expect(problems).toEqual([
      { file: "environments/qa.ts", field: "(file)", message: "cannot be loaded: not today" },
    ]);
  });
});

describe("every problem of every file in one run", () => {
  it("reports a name that differs from the file name beside the file's other problems", () => {
    const { problems } = loadedFiles({
      "qa.ts": 'export default { name: "staging", homeRegion: "eu-west-9" };\n',
    });
    expect(problems).toEqual([
      {
        file: "environments/qa.ts",
        field: "name",
        message: 'must match the file name ("qa"); got "staging"',
      },
      {
        file: "environments/qa.ts",
        field: "homeRegion",
        message: expect.stringMatching(
          /^an AWS commercial region code such as eu-west-1; got "eu-west-9"/,
        ),
      },
      { file: "environments/qa.ts", field: "protection", message: "required (object)" },
      { file: "environments/qa.ts", field: "bucket", message: "required (object)" },
      { file: "environments/qa.ts", field: "cognito", message: "required (object)" },
    ]);
  });

  it("lets no file's problems hide another's", () => {
    const { message } = loadedFiles({
      "a.ts": 'export default { name: "a",, };\n',
      "b.json": '{ "name": "b" ',
      "c.ts": 'throw "not today";\n',
      "d.json": jsonVariant("dev", "other", (e) => (e.cognito.mfa = "maybe")),
    });
    expect(message).toBe(
      [
        "Invalid environment configuration (5 problems):",
        '  environments/a.ts:1:28: Expected identifier but found ","',
        '  environments/b.json:1:15: Expected "," in JSON but found end of file',
        "  environments/c.ts: (file): cannot be loaded: not today",
        '  environments/d.json: name: must match the file name ("d"); got "other"',
        '  environments/d.json: cognito.mfa: Invalid option: expected one of "off"|"optional"|"on"',
      ].join("\n"),
    );
  });

  it("refuses a second file for one environment even when the first is broken", () => {
    const { problems } = loadedFiles({
      "qa.json": "{",
      "qa.ts": `export default ${jsonVariant("dev", "qa", byHand)};\n`,
    });
    expect(problems).toEqual([
      expect.objectContaining({ file: "environments/qa.json", line: 1 }),
      {
        file: "environments/qa.ts",
        field: "name",
        message: 'another file already defines environment "qa" (environments/qa.json)',
      },
    ]);
  });

  it("fails `tsx main.ts` once, listing every file's problems and no stack trace", () => {
    const project = path.resolve(__dirname, "../..");
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-project-"));
    try {
      for (const entry of [
        "main.ts",
        "environments",
        "stacks",
        "functions",
        "package.json",
        "tsconfig.json",
      ]) {
        fs.cpSync(path.join(project, entry), path.join(copy, entry), { recursive: true });
      }
      fs.symlinkSync(path.join(project, "node_modules"), path.join(copy, "node_modules"));
      const envs = path.join(copy, "environments");
      fs.writeFileSync(path.join(envs, "qa.ts"), 'export default {\n  name: "qa" "qb",\n};\n');
      fs.writeFileSync(path.join(envs, "qb.json"), jsonVariant("staging", "qb"));
      fs.writeFileSync(
        path.join(envs, "qc.ts"),
        'export default { name: "qd", homeRegion: "eu-west-1" };\n',
      );
      const run = spawnSync(
        process.execPath,
        [path.join(project, "node_modules/tsx/dist/cli.mjs"), "main.ts"],
        {
          cwd: copy,
          encoding: "utf8",
          env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        },
      );
      expect(run.status).toBe(1);
      expect(run.stderr.match(/Invalid environment configuration/g)).toHaveLength(1);
      const lines = run.stderr.split("\n");
      expect(lines).toEqual(
        expect.arrayContaining([
          "Invalid environment configuration (8 problems):",
          '  environments/qa.ts:2:14: Expected "}" but found "\\"qb\\""',
          '  environments/qb.json and environments/staging.ts: cognito.domainPrefix: "edge-gate-staging" is used by both; each environment needs its own',
          '  environments/qc.ts: name: must match the file name ("qc"); got "qd"',
        ]),
      );
      expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
