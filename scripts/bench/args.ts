// Command line of `npm run bench`: parsed strictly, so a mistyped option is
// refused rather than silently running the whole (slow) benchmark.
import { parseArgs } from "node:util";
import { SECTIONS, type Section } from "./targets";

export const USAGE = `usage: npm run bench -- [--only <section>]... [--json <file>] [--strict]

Prints each figure next to its target with a verdict (meets, misses, no
target, not measured). Ratios are against a baseline measured in the same run.

  --only <section>  run only this section (repeatable): ${SECTIONS.join(", ")}
  --json <file>     also write every figure, with date, commit and machine, as JSON
  --strict          exit 1 when a figure misses its target (default: exit 0)
  -h, --help        show this help`;

export interface BenchOptions {
  sections: Section[];
  json?: string;
  strict: boolean;
}

export type ParsedArgs =
  { kind: "run"; options: BenchOptions } | { kind: "help" } | { kind: "error"; message: string };

const isSection = (name: string): name is Section => (SECTIONS as readonly string[]).includes(name);

export function parseBenchArgs(argv: string[]): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        only: { type: "string", multiple: true },
        json: { type: "string" },
        strict: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    return { kind: "error", message: `${(error as Error).message} (see --help)` };
  }
  if (values.help) return { kind: "help" };
  const only = values.only ?? [];
  const unknown = only.find((name) => !isSection(name));
  if (unknown !== undefined) {
    return {
      kind: "error",
      message: `unknown section '${unknown}' (one of: ${SECTIONS.join(", ")})`,
    };
  }
  if (values.json === "") return { kind: "error", message: "--json needs a file name" };
  // Sections run in the table's order whatever the order on the command line.
  const sections = only.length === 0 ? [...SECTIONS] : SECTIONS.filter((s) => only.includes(s));
  return { kind: "run", options: { sections, json: values.json, strict: values.strict } };
}
