// `npx tsx scripts/ci-environment.ts <env>`: what a CI job needs to know of
// one environment, as `key=value` lines for $GITHUB_OUTPUT (roles to assume,
// home region, state backend). `--list` prints the environments deployed from
// CI, in deploy order, as JSON. Fails naming the environment and what is
// missing, so a job never runs with a half-filled configuration.
import { loadEnvironments } from "../environments/schema/load";
import { deployedEnvironments, environmentOutputs } from "./ci/deployed-environments";

const USAGE = "usage: npx tsx scripts/ci-environment.ts <env> | --list";

function main(argv: string[]): void {
  const environments = loadEnvironments();
  if (argv.length === 1 && argv[0] === "--list") {
    console.log(JSON.stringify(deployedEnvironments(environments).map((env) => env.name)));
    return;
  }
  if (argv.length !== 1 || argv[0].startsWith("-")) throw new Error(USAGE);
  const env = environments.find((e) => e.name === argv[0]);
  if (!env) {
    throw new Error(
      `no environment ${JSON.stringify(argv[0])}; environments: ${environments.map((e) => e.name).join(", ")}`,
    );
  }
  for (const [key, value] of Object.entries(environmentOutputs(env)))
    console.log(`${key}=${value}`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`ci-environment: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
