// `npm run iam-policy -- <env> --repo <owner/name> [--out <dir>]`: the IAM
// policies of an environment's two CI roles, from its synthesized stack:
// plan-policy.json (read only), deploy-policy.json, and the GitHub OIDC trust
// policy of each. Prints them, or writes the four files to --out.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadEnvironments } from "../environments/schema/load";
import { checkPositionals, CliError, findEnvironment, parseCliArgs, runCli } from "./cli/args";
import { PROJECT_ROOT, STACK_FILE } from "./offline-plan/plan-stack";
import { rolePolicies } from "./iam-policy/policy";

const USAGE = `usage: npm run iam-policy -- <env> --repo <owner/name> [--out <dir>]

The IAM policies of <env>'s CI roles, from its synthesized stack (npm run synth first).

  --repo <owner/name>  the GitHub repository whose workflows may assume the roles
  --out <dir>          write plan-policy.json, plan-trust.json, deploy-policy.json and
                       deploy-trust.json there instead of printing them`;

function main(argv: string[]): void {
  const { values, positionals } = parseCliArgs(argv, {
    options: { repo: { type: "string" }, out: { type: "string" } },
    allowPositionals: true,
  });
  const [envName] = checkPositionals(positionals, "<env>", 1);
  if (values.repo === undefined) throw new CliError("missing --repo <owner/name>");
  const env = findEnvironment(envName, loadEnvironments());
  const stackFile = path.join(PROJECT_ROOT, "cdktf.out", "stacks", env.name, STACK_FILE);
  let stack: object;
  try {
    stack = JSON.parse(readFileSync(stackFile, "utf8"));
  } catch {
    throw new Error(
      `${env.name} is not synthesized yet (no ${path.relative(process.cwd(), stackFile)}): run npm run synth first`,
    );
  }
  const policies = rolePolicies(env, stack, values.repo);
  const files: Record<string, object> = {
    "plan-policy.json": policies.plan,
    "plan-trust.json": policies.planTrust,
    "deploy-policy.json": policies.deploy,
    "deploy-trust.json": policies.deployTrust,
  };
  if (values.out) {
    mkdirSync(values.out, { recursive: true });
    for (const [name, doc] of Object.entries(files))
      writeFileSync(path.join(values.out, name), `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`wrote ${Object.keys(files).join(", ")} to ${values.out}`);
  } else {
    for (const [name, doc] of Object.entries(files))
      console.log(`// ${name}\n${JSON.stringify(doc, null, 2)}`);
  }
}

runCli({ name: "iam-policy", usage: USAGE, help: "npm run iam-policy -- --help" }, main);
