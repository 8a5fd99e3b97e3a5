// `npm run bench`: the figures the project is judged by, each next to its
// target (scripts/bench/targets.ts) with a verdict. Ratios are against a
// baseline measured in the same run, so they mean the same on any machine;
// bundle sizes are absolute. A measurement that fails or times out is
// reported as such and the run goes on: the exit code is 0 unless the bench
// could not run at all (or, with --strict, a figure missed its target).
import * as fs from "node:fs";
import * as path from "node:path";
import { parseBenchArgs, USAGE } from "./bench/args";
import { commitOf, machineAtStart } from "./bench/machine";
import { buildReport, oneLine, tally } from "./bench/report";
import { runSections } from "./bench/run";
import { sectionRunners } from "./bench/sections";
import { sayNodeNoticeOnce } from "./cli/sdk-node-notice";

const ROOT = path.resolve(__dirname, "..");

async function main(): Promise<number> {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (parsed.kind === "help") {
    console.log(USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    console.error(`bench: ${parsed.message}`);
    return 1;
  }
  const { sections, json, strict } = parsed.options;
  // The SDK (seeding the loopback table) would print its notice in every section.
  sayNodeNoticeOnce();
  const date = new Date().toISOString();
  const machine = machineAtStart();
  const { commit, dirty } = commitOf(ROOT);

  const figures = await runSections({ sections, runners: sectionRunners(ROOT) });
  const counts = tally(figures);
  const outOfReach = figures.filter((f) => f.floor?.verdict === "misses").length;
  console.log(
    `${counts.meets} meet, ${counts.misses} miss (${outOfReach} out of reach here: their floor misses too), ${counts["not measured"]} not measured, ${counts["no target"]} without a target`,
  );

  if (json !== undefined) {
    const report = buildReport({
      date,
      commit,
      dirty,
      node: process.version,
      machine: machine.end(),
      figures,
    });
    try {
      fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`figures written to ${json}`);
    } catch (error) {
      console.error(`bench: could not write ${json}: ${oneLine(error)}`);
      return 1;
    }
  }
  return strict && counts.misses > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`bench: ${oneLine(error)}`);
    process.exitCode = 1;
  },
);
