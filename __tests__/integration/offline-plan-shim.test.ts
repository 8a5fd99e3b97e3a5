// The offline plan: the shim and override as pure functions, then real
// `terraform init/validate/plan` runs against the filesystem mirror.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildOverride } from "../../scripts/offline-plan/override";
import {
  initOfflineWorkDir,
  OFFLINE_CLI_CONFIG,
  offlinePlan,
} from "../../scripts/offline-plan/plan-stack";
import { rewriteDependency, rewriteTemplate } from "../../scripts/offline-plan/references";
import { shimStack } from "../../scripts/offline-plan/shim";
import { OFFLINE_JWKS } from "../../scripts/offline-plan/stand-ins";
import {
  PLAN_FILE,
  PLUGIN_DIR_VARIABLE,
  terraform,
  terraformEnv,
} from "../../scripts/offline-plan/terraform";
import { ESCAPED_BUNDLE, shimFixture, writeTinyStack } from "../support/offline-plan-fixtures";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function shimmed(): { config: Obj; replacements: { from: string; to: string }[] } {
  return shimStack(shimFixture()) as { config: Obj; replacements: { from: string; to: string }[] };
}

describe("shimStack", () => {
  it("replaces every archive_file and http data source with a terraform_data stand-in", () => {
    const { config, replacements } = shimmed();
    expect(replacements).toEqual([
      // The fixture already has a terraform_data of the preferred name.
      { from: "data.archive_file.viewer_pkg", to: "terraform_data.archive_file_viewer_pkg_2" },
      { from: "data.archive_file.per_fn", to: "terraform_data.archive_file_per_fn" },
      { from: "data.http.jwks", to: "terraform_data.http_jwks" },
    ]);
    expect(config.data).toEqual({ aws_region: { home: {} } });
    expect(config.resource.terraform_data.archive_file_viewer_pkg).toEqual({
      input: "already taken",
    });
  });

  it("rewrites references in nested strings, directives and indexed collections", () => {
    const fn = shimmed().config.resource.aws_lambda_function.viewer;
    expect(fn.filename).toBe("${terraform_data.archive_file_viewer_pkg_2.output.output_path}");
    expect(fn.source_code_hash).toBe(
      "${terraform_data.archive_file_viewer_pkg_2.output.output_base64sha256}",
    );
    expect(fn.tags.nested[0]).toBe(
      "${upper(terraform_data.archive_file_viewer_pkg_2.output.output_sha)}-" +
        "%{if terraform_data.http_jwks.output.status_code == 200}ok%{endif}",
    );
    expect(fn.environment.variables.FIRST).toBe(
      "${terraform_data.archive_file_per_fn[0].output.output_md5}",
    );
    expect(shimmed().config.output.sizes.value).toBe(
      "${[for z in [for i in terraform_data.archive_file_per_fn : i.output] : z.output_size]}",
    );
  });

  it("leaves escaped template text and plain mentions alone", () => {
    const { config } = shimmed();
    expect(config.resource.aws_lambda_function.viewer.description).toBe(
      "built from $${data.archive_file.viewer_pkg.output_path}",
    );
    expect(config.output.mention.value).toBe("data.http.jwks is only text here");
    expect(rewriteTemplate("${local.data.http.jwks.x} ${mydata.http.jwks}", new Map())).toBe(
      "${local.data.http.jwks.x} ${mydata.http.jwks}",
    );
  });

  it("rewrites depends_on entries to the bare stand-in address", () => {
    const targets = new Map([["http.jwks", { standIn: "http_jwks", collection: "none" as const }]]);
    expect(rewriteDependency("${data.http.jwks}", targets)).toBe("terraform_data.http_jwks");
    expect(rewriteDependency("data.http.other", targets)).toBe("data.http.other");
    const { config } = shimmed();
    expect(config.resource.aws_lambda_function.viewer.depends_on).toEqual([
      "terraform_data.archive_file_viewer_pkg_2",
      "aws_cognito_user_pool.pool",
    ]);
    expect(config.resource.terraform_data.archive_file_viewer_pkg_2.depends_on).toEqual([
      "terraform_data.http_jwks",
    ]);
  });

  it("keeps the archive's sources verbatim, their references rewritten, next to its outputs", () => {
    const input = shimmed().config.resource.terraform_data.archive_file_viewer_pkg_2.input;
    expect(input.source[0]).toEqual({ content: ESCAPED_BUNDLE, filename: "index.js" });
    expect(input.source[1].content).toBe(
      '${jsonencode({"userPoolId" = aws_cognito_user_pool.pool.id, ' +
        '"jwks" = jsondecode(terraform_data.http_jwks.output.response_body)})}',
    );
    expect(input.output_path).toBe("dist/viewer.zip");
    expect(input.output_base64sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(input.output_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(input.output_sha512).toMatch(/^[0-9a-f]{128}$/);
    expect(input.output_md5).toMatch(/^[0-9a-f]{32}$/);
    expect(input.id).toBe(input.output_sha);
    expect(input.output_size).toBeGreaterThan(0);
    // Deterministic: the same stack shims to the same hashes.
    expect(shimmed().config.resource.terraform_data.archive_file_viewer_pkg_2.input).toEqual(input);
  });

  it("gives the http stand-in a 200 JWKS response and keeps its url", () => {
    const http = shimmed().config.resource.terraform_data.http_jwks;
    expect(http.input.status_code).toBe(200);
    const url =
      "https://cognito-idp.eu-west-1.amazonaws.com/${aws_cognito_user_pool.pool.id}/.well-known/jwks.json";
    expect(http.input.url).toBe(url);
    expect(http.input.id).toBe(url);
    expect(JSON.parse(http.input.response_body)).toEqual(JSON.parse(OFFLINE_JWKS));
    expect(JSON.parse(http.input.response_body).keys[0]).toMatchObject({
      kty: "RSA",
      alg: "RS256",
    });
    expect(Buffer.from(http.input.response_body_base64, "base64").toString()).toBe(OFFLINE_JWKS);
  });

  it("drops the provider meta-argument and self postconditions, keeps count and preconditions", () => {
    const standIns = shimmed().config.resource.terraform_data;
    expect(standIns.archive_file_viewer_pkg_2.provider).toBeUndefined();
    expect(standIns.archive_file_per_fn.count).toBe(2);
    expect(standIns.http_jwks.lifecycle).toEqual({
      precondition: [{ condition: "${true}", error_message: "kept" }],
    });
  });

  it("removes the archive and http providers so init asks only for hashicorp/aws", () => {
    const { config } = shimmed();
    expect(Object.keys(config.provider)).toEqual(["aws"]);
    expect(config.terraform.required_providers).toEqual({
      aws: { source: "aws", version: "5.100.0" },
    });
    // The backend is the override's business, not the shim's.
    expect(config.terraform.backend).toEqual((shimFixture().terraform as Obj).backend);
  });

  it("does not mutate the synthesized document", () => {
    const original = shimFixture();
    const before = JSON.stringify(original);
    shimStack(original);
    expect(JSON.stringify(original)).toBe(before);
  });
});

describe("buildOverride", () => {
  it("gives every aws provider block, by its alias, dummy credentials and skip flags", () => {
    const override = buildOverride(shimmed().config) as Obj;
    expect(override.provider.aws.map((p: Obj) => p.alias)).toEqual([undefined, "us_east_1"]);
    for (const block of override.provider.aws) {
      expect(block).toMatchObject({
        access_key: "offline-plan",
        secret_key: "offline-plan",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        allowed_account_ids: null,
      });
    }
    expect(override.terraform).toEqual({ backend: { local: { path: "offline.tfstate" } } });
  });
});

describe("offlinePlan against the filesystem mirror", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "offline-plan-test-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("validates and plans two stacks concurrently, counting only the stack's resources", async () => {
    const stacks = ["alpha", "beta"];
    const dirs = await Promise.all(stacks.map((s) => writeTinyStack(path.join(root, "in"), s)));
    const results = await Promise.all(
      dirs.map((dir, i) => offlinePlan(dir, { workDir: path.join(root, "work", stacks[i]) })),
    );
    for (const [i, result] of results.entries()) {
      expect(result.countsByType).toEqual({ aws_lambda_function: 1, aws_s3_bucket: 1 });
      expect([result.toAdd, result.toChange, result.toDestroy]).toEqual([2, 0, 0]);
      expect(result.standIns.map((s) => s.to)).toEqual([
        "terraform_data.archive_file_edge_pkg",
        "terraform_data.http_jwks",
      ]);
      expect(result.planText).toContain(`"${stacks[i]}-viewer"`);
      expect(result.planText).toContain("Plan: 4 to add, 0 to change, 0 to destroy.");
      const config = (result.planJson as Obj).configuration.root_module.resources;
      const lambda = config.find((r: Obj) => r.address === "aws_lambda_function.viewer");
      expect(lambda.provider_config_key).toBe("aws.us_east_1");
      // The backend was overridden to a local file inside the work dir.
      const backend = JSON.parse(
        await readFile(path.join(result.workDir, ".terraform", "terraform.tfstate"), "utf8"),
      ).backend;
      expect(backend.type).toBe("local");
    }
    // The plan text, taken from what `terraform plan` printed (no second
    // Terraform run was needed), is what `terraform show` prints of the saved plan.
    expect(results.map((result) => result.planTextSource)).toEqual(["plan", "plan"]);
    const shown = await terraform(["show", "-no-color", PLAN_FILE], {
      cwd: results[0].workDir,
      env: terraformEnv(process.env, path.join(results[0].workDir, OFFLINE_CLI_CONFIG)),
    });
    expect(results[0].planText).toBe(shown.stdout);
    // The shipped copy keeps its real data sources.
    const shipped = JSON.parse(await readFile(path.join(dirs[0], "cdk.tf.json"), "utf8"));
    expect(Object.keys(shipped.data)).toEqual(["archive_file", "http"]);
  }, 180_000);

  it("copies the init of an earlier plan instead of running terraform init", async () => {
    // Terraform behind a wrapper that writes down each command it runs.
    const bin = await mkdtemp(path.join(root, "bin-"));
    const log = path.join(bin, "commands.log");
    await writeFile(
      path.join(bin, "terraform"),
      `#!/bin/sh\necho "$1" >> ${JSON.stringify(log)}\nPATH=${JSON.stringify(process.env.PATH ?? "")} exec terraform "$@"\n`,
      { mode: 0o755 },
    );
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
    const stack = await writeTinyStack(path.join(root, "in"), "gamma");
    const alpha = path.join(root, "work", "alpha");
    const workDir = await initOfflineWorkDir(stack, {
      workDir: path.join(root, "work", "gamma"),
      initFrom: alpha,
      env,
    });
    expect((await readFile(log, "utf8")).trim().split("\n")).toEqual(["version"]);
    const lock = ".terraform.lock.hcl";
    expect(await readFile(path.join(workDir, lock), "utf8")).toBe(
      await readFile(path.join(alpha, lock), "utf8"),
    );
    // The provider stays a link into the mirror. The plans of the shipped
    // environments (offline-plan-environments.test.ts) all start this way.
    const provider = ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64";
    expect(await readlink(path.join(workDir, provider))).toBe(
      await readlink(path.join(alpha, provider)),
    );
    // A directory where no init ran is refused.
    const attempt = initOfflineWorkDir(stack, {
      workDir: path.join(root, "work", "gamma-2"),
      initFrom: path.join(root, "in"),
    });
    await expect(attempt).rejects.toThrow(/initFrom: .* holds no \.terraform\.lock\.hcl/);
  });

  it("fails with validate's diagnostics when a bundle's template syntax is unescaped", async () => {
    const stack = await writeTinyStack(path.join(root, "in"), "unescaped", "x=`${token}`;");
    const attempt = offlinePlan(stack, { workDir: path.join(root, "work", "unescaped") });
    await expect(attempt).rejects.toThrow(/terraform validate failed[\s\S]*cdk\.tf\.json:\d+/);
  }, 60_000);

  it("names the missing hashicorp/aws provider when the mirror is empty", async () => {
    const stack = await writeTinyStack(path.join(root, "in"), "nomirror");
    const empty = await mkdtemp(path.join(root, "empty-mirror-"));
    const workDir = path.join(root, "work", "nomirror");
    const attempt = offlinePlan(stack, { workDir, pluginDir: empty });
    await expect(attempt).rejects.toThrow(/no hashicorp\/aws provider \(5\.100\.0\)/);
    await expect(attempt).rejects.toThrow(new RegExp(PLUGIN_DIR_VARIABLE));
    await expect(attempt).rejects.toThrow(empty);
    // Preflight fails before anything is copied.
    expect(existsSync(workDir)).toBe(false);
  });

  it("says terraform is not on PATH when it is missing", async () => {
    const stack = await writeTinyStack(path.join(root, "in"), "noterraform");
    const emptyPath = await mkdtemp(path.join(root, "empty-path-"));
    const attempt = offlinePlan(stack, {
      workDir: path.join(root, "work", "noterraform"),
      env: { ...process.env, PATH: emptyPath },
    });
    await expect(attempt).rejects.toThrow(/terraform is not on PATH/);
  });
});
