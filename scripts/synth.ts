// `npm run synth`: synthesizes every environment (as `cdktf synth` would, via
// main.ts) and prints a short summary of each stack.
import * as path from "node:path";
import { parseCliArgs, runCli } from "./cli/args";
import { formatSummary, readStacks } from "./synth-summary";

const USAGE = `usage: npm run synth

Synthesizes every environment in environments/ into cdktf.out/ (as cdktf synth
would) and prints a short summary of each stack. Takes no arguments.`;

function main(argv: string[]): void {
  // Every environment, always: an argument here would be a misunderstanding.
  parseCliArgs(argv, {});
  const started = performance.now();
  // main.ts synthesizes on import; a bad environment exits there with its message.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("../main");
  const elapsed = performance.now() - started;

  const outdir = path.resolve(__dirname, "..", "cdktf.out");
  for (const summary of readStacks(outdir)) console.log(`${formatSummary(summary)}\n`);
  console.log(
    `Synthesized into ${path.relative(process.cwd(), outdir) || "."} in ${Math.round(elapsed)} ms.`,
  );
}

runCli({ name: "synth", usage: USAGE, help: "npm run synth -- --help" }, main);
