// `npx tsx scripts/ci-environment.ts <env>`: what a CI job needs to know of
// one environment, as `key=value` lines for $GITHUB_OUTPUT (roles to assume,
// home region, state backend). `--list` prints the environments deployed from
// CI, in deploy order, as JSON. Fails naming the environment and what is
// missing, so a job never runs with a half-filled configuration.
import { loadEnvironments } from "../environments/schema/load";
import { checkPositionals, CliError, findEnvironment, parseCliArgs, runCli } from "./cli/args";
import { deployedEnvironments, environmentOutputs } from "./ci/deployed-environments";

const USAGE = `usage: npx tsx scripts/ci-environment.ts <env> | --list

  <env>    the environment's CI settings as key=value lines (for $GITHUB_OUTPUT)
  --list   the environments deployed from CI, in deploy order, as a JSON array`;

function main(argv: string[]): void {
  const { values, positionals } = parseCliArgs(argv, {
    options: { list: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.list) {
    if (positionals.length > 0) throw new CliError(`--list takes no <env>; got ${positionals[0]}`);
    console.log(JSON.stringify(deployedEnvironments(loadEnvironments()).map((env) => env.name)));
    return;
  }
  const [name] = checkPositionals(positionals, "<env>", 1);
  const env = findEnvironment(name, loadEnvironments());
  for (const [key, value] of Object.entries(environmentOutputs(env)))
    console.log(`${key}=${value}`);
}

runCli(
  { name: "ci-environment", usage: USAGE, help: "npx tsx scripts/ci-environment.ts --help" },
  main,
);
