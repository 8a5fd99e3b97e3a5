// `npm run iam-policy -- <env> --repo <owner/name> [--out <dir>]`: the IAM
// policies of an environment's two CI roles, from its synthesized stack:
// plan-policy.json (read only), deploy-policy.json, and the GitHub OIDC trust
// policy of each. Prints them, or writes the four files to --out.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadEnvironments } from "../environments/schema/load";
import { PROJECT_ROOT, STACK_FILE } from "./offline-plan/plan-stack";
import { rolePolicies } from "./iam-policy/policy";

const USAGE =
  "usage: npm run iam-policy -- <env> --repo <owner/name> [--out <dir>]  (after npm run synth)";

function main(argv: string[]): void {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--repo" || argv[i] === "--out") {
      if (!argv[i + 1] || argv[i + 1].startsWith("--"))
        throw new Error(`${argv[i]} needs a value\n${USAGE}`);
      values[argv[i].slice(2)] = argv[i + 1];
      i += 1;
    } else if (argv[i].startsWith("-")) throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    else positional.push(argv[i]);
  }
  if (positional.length !== 1 || !values.repo) throw new Error(USAGE);
  const env = loadEnvironments().find((e) => e.name === positional[0]);
  if (!env) throw new Error(`no environment ${JSON.stringify(positional[0])}`);
  const stackFile = path.join(PROJECT_ROOT, "cdktf.out", "stacks", env.name, STACK_FILE);
  let stack: object;
  try {
    stack = JSON.parse(readFileSync(stackFile, "utf8"));
  } catch {
    throw new Error(
      `no synthesized stack at ${path.relative(process.cwd(), stackFile)}: run npm run synth first`,
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

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`iam-policy: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
