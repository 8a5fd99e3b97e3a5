// `npm run plan:summary` on real plans: the offline plan of every shipped
// environment (all creates), and changed environments planned against the
// state an earlier plan left (real Terraform decides the replacements and
// destructions). Fails, never skips, without Terraform or the provider mirror.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { loadEnvironments } from "../../environments/schema/load";
import { offlinePlan, type OfflinePlanResult } from "../../scripts/offline-plan/plan-stack";
import { planChange, synthesizeStackDir, type ChangePlan } from "../support/plan-against-state";
import { shippedEnvironment, variantOf } from "../support/synth";

const PROJECT = path.resolve(__dirname, "..", "..");
const environments = loadEnvironments();
let root: string;
const shipped = new Map<string, OfflinePlanResult>();
let devChange: ChangePlan;
let stagingChange: ChangePlan;

async function summary(env: string, planFile: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(PROJECT, "node_modules", "tsx", "dist", "cli.mjs"),
      "scripts/plan-summary.ts",
      env,
      "--plan",
      planFile,
      ...args,
    ],
    { cwd: PROJECT, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-summary-"));
  const synthDir = path.join(root, "synth");
  const plans = environments.map((env) =>
    offlinePlan(synthesizeStackDir(env, synthDir), {
      workDir: path.join(root, "shipped", env.name),
    }),
  );
  const dev = variantOf("dev", (input) => {
    input.bucket = { ...input.bucket, namePrefix: "edge-gate-dev-files-" };
    const protection = input.protection as {
      tokenQueryParameter?: string | null;
      paths: { groups: { group: string; prefix: string }[] };
    };
    protection.tokenQueryParameter = "token";
    protection.paths.groups.push({ group: "auditors", prefix: "/audit/" });
    input.cognito.appClients[0].callbackUrls.push("https://app.example.com/callback");
  });
  const staging = variantOf("staging", (input) => {
    input.protection = {
      mode: "bearer-jwt",
      paths: { public: ["/public/"], groups: [], users: ["/users/{sub}/"] },
    };
  });
  for (const dir of ["dev", "staging"]) fs.mkdirSync(path.join(root, dir));
  const [results, devResult, stagingResult] = await Promise.all([
    Promise.all(plans),
    planChange(shippedEnvironment("dev"), dev, path.join(root, "dev")),
    planChange(shippedEnvironment("staging"), staging, path.join(root, "staging")),
  ]);
  environments.forEach((env, i) => shipped.set(env.name, results[i]));
  devChange = devResult;
  stagingChange = stagingResult;
}, 400_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("summary of every shipped environment's offline plan", () => {
  it.each(environments.map((e) => e.name))(
    "%s: counts, security findings and the plan text",
    async (name) => {
      const plan = shipped.get(name)!;
      const text = await summary(name, path.join(plan.workDir, "tfplan"));
      expect(text.split("\n")[0]).toBe(`<!-- edge-gate-plan:${name} -->`);
      // The stand-ins are left out: the counts are the stack's own resources.
      expect(text).toContain(
        `**${plan.toAdd} to create, 0 to update, 0 to replace, 0 to destroy**`,
      );
      expect(text).not.toContain("Replaced or destroyed");
      expect(text).toMatch(/data-source stand-ins? left out of the counts/);
      // A new environment's guard rails are what the reviewer checks first.
      expect(text).toMatch(/\(public access block, create\)\n( {2}- .*\n){4}/);
      expect(text).toContain("restrict_public_buckets: `true` (new)");
      expect(text).toContain("(bucket policy, create)");
      expect(text).toContain("(IAM role policy, create)");
      expect(text).toContain("trust policy: added `Allow` `sts:AssumeRole` to Service");
      expect(text).toContain(
        'default behaviour `viewer_protocol_policy`: `"redirect-to-https"` (new)',
      );
      expect(text).toContain("<details><summary>Full plan</summary>");
      expect(text).toContain("Terraform will perform the following actions:");
      expect(text.length).toBeLessThan(65_536);
    },
  );

  it("shows each edge function's config.json, with its cookie and token settings", async () => {
    const staging = await summary("staging", path.join(shipped.get("staging")!.workDir, "tfplan"));
    expect(staging).toContain("(edge function config.json, create)");
    expect(staging).toContain('config.json `cookieName`: `"__Host-edge-gate-session"` (new)');
    const dev = await summary("dev", path.join(shipped.get("dev")!.workDir, "tfplan"));
    expect(dev).toContain('config.json `tokenQueryParameter`: `"access_token"` (new)');
    const partners = await summary(
      "partners",
      path.join(shipped.get("partners")!.workDir, "tfplan"),
    );
    expect(partners).toContain("(trusted key group, create)");
    expect(partners).toContain("(CloudFront public key, create)");
  });

  it("writes the summary to a file and cuts the plan text to --max-chars", async () => {
    const out = path.join(root, "dev.md");
    const plan = shipped.get("dev")!;
    await summary(
      "dev",
      path.join(plan.workDir, "tfplan"),
      "--out",
      out,
      "--max-chars",
      "8000",
      "--link",
      "https://ci.example/run/1",
    );
    const text = fs.readFileSync(out, "utf8");
    expect(text.length).toBeLessThanOrEqual(8000);
    expect(text).toContain("the whole plan: https://ci.example/run/1");
  });

  it("fails with what to do when there is no plan", async () => {
    await expect(summary("nowhere", path.join(root, "missing", "tfplan"))).rejects.toMatchObject({
      stderr: expect.stringContaining("no such plan file"),
    });
  });
});

describe("summary of a changed environment planned against its earlier state", () => {
  let dev: string;
  let staging: string;
  beforeAll(async () => {
    dev = await summary("dev", path.join(devChange.plan.workDir, "tfplan"));
    staging = await summary("staging", path.join(stagingChange.plan.workDir, "tfplan"));
  });

  it("the unchanged environment plans no replacement or destruction against that state", () => {
    for (const { baseline } of [devChange, stagingChange]) {
      expect(baseline.toDestroy).toBe(0);
    }
  });

  it("puts the bucket replacement first, flagged as losing every object, with the attribute that forces it", () => {
    const rows = dev.split("\n").filter((l) => /^\| (⛔|⚠️) \|/.test(l));
    expect(rows[0]).toMatch(
      /^\| ⛔ \| `aws_s3_bucket\.content_bucket_[0-9A-F]+` \| replace \| \*\*deletes every object in the bucket\*\*; forced by `bucket_prefix`/,
    );
    // Everything attached to the bucket is replaced with it, flagged but after it.
    expect(
      rows.slice(1).every((r) => r.startsWith("| ⚠️ |") && r.includes("forced by `bucket`")),
    ).toBe(true);
    expect(dev).toMatch(/\*\*1 to create, \d+ to update, 7 to replace, 0 to destroy\*\*/);
  });

  it("calls out the token and path settings in the edge config.json and the new callback URL", () => {
    expect(dev).toContain('config.json `tokenQueryParameter`: `"access_token"` → `"token"`');
    expect(dev).toContain('config.json `rules.groupPrefixes[1].group`: `"auditors"` (new)');
    expect(dev).toContain(
      'callback_urls: `["http://localhost:5173/callback"]` → `["http://localhost:5173/callback","https://app.example.com/callback"]`',
    );
    expect(dev).toContain("- create: `aws_cognito_user_group.bearer-jwt_group-auditors_");
  });

  it("flags the session table's destruction and the edge function kept by skip_destroy when the mode changes", () => {
    expect(staging).toMatch(
      /\| ⛔ \| `aws_dynamodb_table\.session-cookie_sessions_table_[0-9A-F]+` \| destroy \| \*\*deletes every item \(signed-in sessions\)\*\*; no longer in the configuration; deletion protection is on/,
    );
    expect(staging).toMatch(
      /`aws_lambda_function\.session-cookie_viewer-request_function_[0-9A-F]+` \| destroy \| .*skip_destroy: Terraform only forgets/,
    );
    expect(staging).toContain("behaviour `/_identity/*` removed");
    expect(staging).toContain("origin `identity-api` removed");
    expect(staging).toMatch(
      /`aws_iam_role_policy\.session-cookie_session-manager_policy_[0-9A-F]+` \(IAM role policy, destroy\)/,
    );
    expect(staging).toMatch(
      /\(edge function config\.json, create\)\n( {2}- .*\n)* {2}- config\.json `rules\.userPrefixes`: `\["\/users\/\{sub\}\/"\]` \(new\)/,
    );
    // The stand-ins of the earlier offline state are not the stack's.
    const review = staging.slice(0, staging.indexOf("<summary>Full plan</summary>"));
    expect(review).not.toMatch(/terraform_data\.(archive_file|http)_/);
  });
});
