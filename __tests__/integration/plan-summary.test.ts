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
import type { OfflinePlanResult } from "../../scripts/offline-plan/plan-stack";
import { planChange, shippedState, type ChangePlan } from "../support/plan-against-state";
import {
  PLAN_HOOK_TIMEOUT_MS,
  planInRun,
  shippedPlans,
  shippedStackDir,
} from "../support/shipped-plans";
import { variantOf } from "../support/synth";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

const PROJECT = path.resolve(__dirname, "..", "..");
const environments = loadEnvironments();
let root: string;
let shipped: Map<string, OfflinePlanResult>;
let devChange: ChangePlan;
let stagingChange: ChangePlan;
let codeChange: OfflinePlanResult;

async function runSummary(env: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...TYPESCRIPT_NODE_ARGS, "scripts/plan-summary.ts", env, ...args],
    { cwd: PROJECT, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/**
 * The CLI on a plan's JSON and text as the offline plan rendered them,
 * written beside the plan (where the CLI finds the stand-ins), so a summary
 * costs no further `terraform show`; `--plan` itself is run once below.
 */
async function summary(env: string, plan: OfflinePlanResult, ...args: string[]): Promise<string> {
  const json = path.join(plan.workDir, "show.json");
  const text = path.join(plan.workDir, "show.txt");
  if (!fs.existsSync(text)) {
    fs.writeFileSync(json, JSON.stringify(plan.planJson));
    fs.writeFileSync(text, plan.planText);
  }
  return runSummary(env, "--json", json, "--text", text, ...args);
}

/** Addresses a plan creates, updates, replaces or destroys. */
function changedAddresses(plan: OfflinePlanResult): Set<string> {
  const changes = (
    plan.planJson as { resource_changes: { address: string; change: { actions: string[] } }[] }
  ).resource_changes;
  return new Set(
    changes
      .filter(({ change }) => !change.actions.every((a) => a === "no-op" || a === "read"))
      .map(({ address }) => address),
  );
}

/**
 * dev planned against a state whose bundle record says other code was
 * deployed: what a pull request that changes only a handler looks like.
 */
async function planCodeOnlyChange(workDir: string): Promise<OfflinePlanResult> {
  const { state } = await shippedState("dev");
  const earlier = structuredClone(state) as unknown as {
    resources: { type: string; instances: { attributes: { input?: { value?: unknown } } }[] }[];
  };
  for (const resource of earlier.resources.filter((r) => r.type === "terraform_data")) {
    for (const instance of resource.instances) {
      const input = instance.attributes.input?.value as Record<string, unknown> | undefined;
      if (input?.["index.js"] !== undefined) {
        input["index.js"] = { sha256: "0".repeat(64), bytes: 27_000 };
      }
    }
  }
  const stackDir = await shippedStackDir("dev");
  const skip = { validate: true };
  return planInRun(stackDir, { workDir, state: earlier, skip });
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-summary-"));
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
  [shipped, devChange, stagingChange, codeChange] = await Promise.all([
    shippedPlans(),
    planChange("dev", dev, path.join(root, "dev")),
    planChange("staging", staging, path.join(root, "staging")),
    planCodeOnlyChange(path.join(root, "code-only")),
  ]);
}, PLAN_HOOK_TIMEOUT_MS);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("summary of every shipped environment's offline plan", () => {
  it.each(environments.map((e) => e.name))(
    "%s: counts, security findings and the plan text",
    async (name) => {
      const plan = shipped.get(name)!;
      const text = await summary(name, plan);
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
      // With the code out of the plan, the whole plan text fits the comment.
      expect(text).not.toContain("The plan text is cut");
    },
  );

  it("shows each edge function's config.json, with its cookie and token settings", async () => {
    const staging = await summary("staging", shipped.get("staging")!);
    expect(staging).toContain("(edge function config.json, create)");
    expect(staging).toContain('config.json `cookieName`: `"__Host-edge-gate-session"` (new)');
    const dev = await summary("dev", shipped.get("dev")!);
    expect(dev).toContain('config.json `tokenQueryParameter`: `"access_token"` (new)');
    const partners = await summary("partners", shipped.get("partners")!);
    expect(partners).toContain("(trusted key group, create)");
    expect(partners).toContain("(CloudFront public key, create)");
  });

  it("reads a saved plan file, writes the summary to a file and cuts the plan text to --max-chars", async () => {
    const out = path.join(root, "dev.md");
    const plan = shipped.get("dev")!;
    await runSummary(
      "dev",
      "--plan",
      path.join(plan.workDir, "tfplan"),
      "--out",
      out,
      "--max-chars",
      // Room for the counts and findings of dev's 29 new resources, not for its plan text.
      "20000",
      "--link",
      "https://ci.example/run/1",
    );
    const text = fs.readFileSync(out, "utf8");
    expect(text.length).toBeLessThanOrEqual(20_000);
    expect(text).toContain("The plan text is cut here to fit a comment");
    expect(text).toContain("the whole plan: https://ci.example/run/1");
    expect(text).toContain("data-source stand-ins left out of the counts");
  });

  it("fails with what to do when there is no plan", async () => {
    await expect(
      runSummary("dev", "--plan", path.join(root, "missing", "tfplan")),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("no such plan file"),
    });
  });
});

describe("summary of a code-only change", () => {
  it("names the function whose code hash changed, with both hashes and the size delta", async () => {
    const text = await summary("dev", codeChange);
    // The unchanged dev, planned against its offline state, still updates a
    // few attributes that state cannot settle; the code change adds only its
    // record to those.
    const { baseline } = await shippedState("dev");
    const before = changedAddresses(baseline);
    const extra = [...changedAddresses(codeChange)].filter((address) => !before.has(address));
    expect(extra).toEqual([
      expect.stringMatching(/^terraform_data\.bearer-jwt_viewer-request_code-record_/),
    ]);
    expect(codeChange.toAdd + codeChange.toDestroy).toBe(0);
    expect(text).toContain("#### 📦 Function code (1)");
    expect(text).toMatch(
      /\| `dev-bearer-jwt` \| `000000000000` \| `[0-9a-f]{12}` \| 27,000 → [\d,]+ bytes \([+−]\d[\d,]*\) \|/,
    );
    // The plan text names the hash, never the code.
    expect(text).toMatch(/~ sha256 = "0{64}" -> "[0-9a-f]{64}"/);
    expect(text).not.toMatch(/exports\.handler/);
  });
});

describe("summary of a changed environment planned against its earlier state", () => {
  let dev: string;
  let staging: string;
  beforeAll(async () => {
    dev = await summary("dev", devChange.plan);
    staging = await summary("staging", stagingChange.plan);
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
    // The bucket and its seven settings (lifecycle included).
    expect(dev).toMatch(/\*\*1 to create, \d+ to update, 8 to replace, 0 to destroy\*\*/);
  });

  it("calls out the token and path settings in the edge config.json and the new callback URL", () => {
    expect(dev).toContain('config.json `tokenQueryParameter`: `"access_token"` → `"token"`');
    expect(dev).toContain('config.json `rules.groupPrefixes[1].group`: `"auditors"` (new)');
    expect(dev).toContain(
      'callback_urls: `["https://dev.app.example.com/callback"]` → `["https://app.example.com/callback","https://dev.app.example.com/callback"]`',
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
