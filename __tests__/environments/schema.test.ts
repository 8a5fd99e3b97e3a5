// Environment files: the shipped ones are valid, and each kind of mistake
// fails with the file, the field and what is allowed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { EnvironmentError, loadEnvironments, type Problem } from "../../environments/schema/load";
import { environmentJsonSchema, JSON_SCHEMA_FILE } from "../../scripts/environment-json-schema";
import { type AnyConfig, expectProblem, problemsOfVariant } from "../support/environment-problems";
import { shippedEnvironment } from "../support/synth";

/** The problems of `dev` changed by `change`, validated as if it were environments/broken.ts. */
function problemsOf(change: (env: AnyConfig) => void): Problem[] {
  return problemsOfVariant("dev", change);
}

describe("shipped environments", () => {
  it("are all valid, with at least dev and one custom-domain environment", () => {
    const envs = loadEnvironments();
    expect(envs.map((e) => e.name)).toEqual(expect.arrayContaining(["dev", "prod"]));
    expect(envs.find((e) => e.name === "dev")?.protection.mode).toBe("bearer-jwt");
    expect(envs.some((e) => e.customDomain && e.protection.mode === "bearer-jwt")).toBe(true);
  });
});

describe("a bad environment names the file, the field and what is allowed", () => {
  it("unknown protection mode", () => {
    expectProblem(
      problemsOf((e) => (e.protection.mode = "magic-link")),
      "protection.mode",
      /allowed: \["bearer-jwt"/,
    );
  });

  it("bad home region", () => {
    expectProblem(
      problemsOf((e) => (e.homeRegion = "mars-1")),
      "homeRegion",
      /AWS .*region code/,
    );
  });

  it("missing mode settings", () => {
    expectProblem(
      problemsOf((e) => (e.protection = { mode: "bearer-jwt" })),
      "protection.paths",
      /required/,
    );
  });

  it("missing protection altogether", () => {
    expectProblem(
      problemsOf((e) => delete e.protection),
      "protection",
      /required/,
    );
  });

  it("bad bucket name", () => {
    expectProblem(
      problemsOf((e) => {
        delete e.bucket.namePrefix;
        e.bucket.name = "My_Bucket";
      }),
      "bucket.name",
      /lowercase letters, digits/,
    );
  });

  it("both a bucket name and a prefix", () => {
    expectProblem(
      problemsOf((e) => (e.bucket.name = "edge-gate-content")),
      "bucket",
      /exactly one of `name` or `namePrefix`/,
    );
  });

  it("callback URL not https", () => {
    expectProblem(
      problemsOf((e) => (e.cognito.appClients[0].callbackUrls = ["http://app.example.com/cb"])),
      "cognito.appClients.0.callbackUrls.0",
      /https:\/\/ URL \(http:\/\/ only for localhost\)/,
    );
  });

  it("unknown field", () => {
    expectProblem(
      problemsOf((e) => (e.cognito.mfaMode = "on")),
      "cognito",
      /unknown field "mfaMode"; allowed: .*mfa/,
    );
  });

  it("unknown field at the top level", () => {
    expectProblem(
      problemsOf((e) => (e.regoin = "x")),
      "(top level)",
      /unknown field "regoin"/,
    );
  });

  it("bad MFA setting", () => {
    expectProblem(
      problemsOf((e) => (e.cognito.mfa = "sometimes")),
      "cognito.mfa",
      /"off"\|"optional"\|"on"/,
    );
  });

  it("CORS origin with a path", () => {
    expectProblem(
      problemsOf((e) => (e.bucket.corsAllowedOrigins = ["https://app.example.com/"])),
      "bucket.corsAllowedOrigins.0",
      /scheme:\/\/host\[:port\]/,
    );
  });

  it("user rule without {sub}", () => {
    expectProblem(
      problemsOf((e) => (e.protection.paths.users = ["/users/"])),
      "protection.paths.users.0",
      /'\{sub\}'/,
    );
  });

  it("path rule with dot segments", () => {
    expectProblem(
      problemsOf((e) => (e.protection.paths.public = ["/public/../private/"])),
      "protection.paths.public.0",
      /'\.\.'/,
    );
  });

  it("allowed client that does not exist", () => {
    expectProblem(
      problemsOf((e) => (e.protection.allowedClients = ["mobile"])),
      "protection.allowedClients.0",
      /no app client named "mobile"; allowed: web/,
    );
  });

  it("bad account id", () => {
    expectProblem(
      problemsOf((e) => (e.allowedAccountIds = ["1234"])),
      "allowedAccountIds.0",
      /12-digit/,
    );
  });

  it("custom domain without a zone", () => {
    expectProblem(
      problemsOf((e) => (e.customDomain = { domainName: "files.example.com" })),
      "customDomain.route53ZoneId",
      /required/,
    );
  });

  it("S3 backend without a bucket", () => {
    expectProblem(
      problemsOf((e) => (e.backend = { type: "s3", key: "k", region: "eu-west-1" })),
      "backend.bucket",
      /required/,
    );
  });

  it("unknown backend type", () => {
    expectProblem(
      problemsOf((e) => (e.backend = { type: "gcs" })),
      "backend.type",
      /allowed: \["local","s3"\]/,
    );
  });

  it("a name that differs from the file name", () => {
    expectProblem(
      problemsOf((e) => (e.name = "staging")),
      "name",
      /must match the file name/,
    );
  });

  it("collects every problem at once", () => {
    const problems = problemsOf((e) => {
      e.homeRegion = "nowhere";
      e.cognito.mfa = "maybe";
      e.extra = true;
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      "(top level)",
      "cognito.mfa",
      "homeRegion",
    ]);
  });
});

describe("synth with a bad environment file", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-envs-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("throws one EnvironmentError that lists every file's problems", () => {
    fs.writeFileSync(
      path.join(dir, "qa.ts"),
      'export default { name: "qa", homeRegion: "eu-west-9" };\n',
    );
    fs.writeFileSync(path.join(dir, "empty.ts"), "export const nothing = 1;\n");
    let error: unknown;
    try {
      loadEnvironments(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    expect(message).toMatch(/qa\.ts: homeRegion: an AWS commercial region code/);
    expect(message).toMatch(/qa\.ts: protection: required/);
    expect(message).toMatch(/empty\.ts: \(file\): must `export default` the environment object/);
  });

  it("fails `tsx main.ts` with the message and no stack trace", () => {
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
      fs.writeFileSync(
        path.join(copy, "environments", "qa.ts"),
        'export default { name: "qa", homeRegion: "eu-west-1", protection: { mode: "nope" } };\n',
      );
      let stderr = "";
      let status = 0;
      try {
        execFileSync(
          process.execPath,
          [path.join(project, "node_modules/tsx/dist/cli.mjs"), "main.ts"],
          {
            cwd: copy,
            stdio: "pipe",
            env: { ...process.env, CHECKPOINT_DISABLE: "1" },
          },
        );
      } catch (err) {
        const e = err as { status: number; stderr: Buffer };
        status = e.status;
        stderr = e.stderr.toString();
      }
      expect(status).toBe(1);
      expect(stderr).toMatch(
        /environments\/qa\.ts: protection\.mode: unknown protection mode; allowed: \["bearer-jwt","session-cookie","signed-cookie"\]/,
      );
      expect(stderr).toMatch(/environments\/qa\.ts: bucket: required/);
      expect(stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe("strings Terraform would misread", () => {
  it("rejects a template sequence in any field", () => {
    expectProblem(
      problemsOf((e) => (e.protection.loginUrl = "https://app.example.com/${var.x}")),
      "protection.loginUrl",
      /must not contain '\$\{' or '%\{'/,
    );
    expectProblem(
      problemsOf((e) => (e.tags = { owner: "%{if true}x%{endif}" })),
      "tags.owner",
      /Terraform would read it as a template/,
    );
  });
});

describe("identity header", () => {
  it("refuses header families CloudFront keeps from Lambda@Edge", () => {
    expectProblem(
      problemsOf((e) => (e.protection.identityHeader = "x-edge-user")),
      "protection.identityHeader",
      /CloudFront reserves them/,
    );
  });
});

describe("JSON environment files", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-json-envs-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("loads a .json environment like a .ts one", () => {
    const qa = { ...JSON.parse(JSON.stringify(shippedEnvironment("dev"))), name: "qa" };
    fs.writeFileSync(path.join(dir, "qa.json"), JSON.stringify(qa));
    expect(loadEnvironments(dir).map((e) => e.name)).toEqual(["qa"]);
  });

  it("names the file of a JSON syntax error", () => {
    fs.writeFileSync(path.join(dir, "qa.json"), "{ name: qa }");
    expect(() => loadEnvironments(dir)).toThrow(
      /qa\.json:1:3: Expected string in JSON but found "name"/,
    );
  });

  it("refuses two files for one environment", () => {
    const qa = { ...JSON.parse(JSON.stringify(shippedEnvironment("dev"))), name: "qa" };
    fs.writeFileSync(path.join(dir, "qa.json"), JSON.stringify(qa));
    fs.writeFileSync(path.join(dir, "qa.ts"), `export default ${JSON.stringify(qa)};\n`);
    expect(() => loadEnvironments(dir)).toThrow(
      /qa\.ts: name: another file already defines environment "qa"/,
    );
  });
});

describe("JSON Schema for editors", () => {
  it("is committed up to date with the zod schema (npm run schema)", () => {
    expect(fs.readFileSync(JSON_SCHEMA_FILE, "utf8")).toBe(environmentJsonSchema());
  });

  it("lets a JSON environment name it in $schema", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-schema-ref-"));
    try {
      const qa = { ...JSON.parse(JSON.stringify(shippedEnvironment("dev"))), name: "qa" };
      const file = { $schema: "./schema/environment.schema.json", ...qa };
      fs.writeFileSync(path.join(dir, "qa.json"), JSON.stringify(file));
      expect(loadEnvironments(dir).map((e) => e.name)).toEqual(["qa"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
