// What every CLI under scripts/ shares, so they behave alike: node's parseArgs
// in strict mode, --help/-h on stdout, and a mistake on the command line told
// in one line on stderr that points at --help, never as a stack trace.
import { parseArgs, type ParseArgsConfig } from "node:util";

export type CliOptions = NonNullable<ParseArgsConfig["options"]>;

/** What a command accepts: its options and whether it takes positional arguments. */
export interface CliArgsConfig {
  options?: CliOptions;
  allowPositionals?: boolean;
}

/** A mistake in how the command was called or in what it names: shown alone, exit 1. */
export class CliError extends Error {
  /** `showHelp`: the mistake is in the command line, so the line points at --help too. */
  constructor(
    message: string,
    readonly showHelp = true,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export interface Cli {
  /** Starts every error line: `plan: ...`. */
  name: string;
  /** Printed on stdout for --help or -h. */
  usage: string;
  /** How to get the usage, named after a command-line mistake: `npm run plan -- --help`. */
  help: string;
}

/** --help or -h before any `--` wins over everything else, even a wrong argument. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

// As parseArgs' strict mode sees it: a value that looks like an option is a forgotten value.
const looksLikeOption = (value: string) => value.length > 1 && value.startsWith("-");

/**
 * Says what parseArgs rejected in our own words: its messages differ between
 * Node versions and span several lines. Re-reads `argv` leniently to find the
 * culprit; falls back to the first line of parseArgs' message.
 */
function describeRejection(error: Error, argv: readonly string[], options: CliOptions): string {
  const { tokens } = parseArgs({ args: argv, options, strict: false, tokens: true });
  const unexpectedPositional =
    (error as { code?: unknown }).code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL";
  for (const token of tokens) {
    if (token.kind === "positional") {
      if (unexpectedPositional) return `unexpected argument ${JSON.stringify(token.value)}`;
      continue;
    }
    if (token.kind !== "option") continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!option) return `unknown option ${token.rawName}`;
    const value = token.value;
    if (
      option.type === "string" &&
      (value === undefined || (!token.inlineValue && looksLikeOption(value)))
    )
      return `${token.rawName} needs a value`;
    if (option.type === "boolean" && token.inlineValue) return `${token.rawName} takes no value`;
  }
  return error.message.split("\n")[0];
}

/**
 * node:util parseArgs in strict mode, typed by `config`; what it rejects
 * (unknown option, missing value, stray argument) becomes a one-line CliError.
 */
export function parseCliArgs<const C extends CliArgsConfig>(argv: readonly string[], config: C) {
  try {
    return parseArgs({ ...config, args: argv, strict: true as const });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_")) {
      throw new CliError(describeRejection(error as Error, argv, config.options ?? {}));
    }
    throw error;
  }
}

/**
 * Checks the number of positional arguments, `name` saying what they are
 * (`<env>`); `max` defaults to `min`.
 */
export function checkPositionals(
  positionals: readonly string[],
  name: string,
  min: number,
  max = min,
): string[] {
  if (positionals.length < min) return fail(`missing ${name}`);
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((p) => JSON.stringify(p));
    if (max === 0) return fail(`unexpected argument ${extra.join(", ")}`);
    const allowed = max === 1 ? `one ${name} only` : `at most ${max} ${name}`;
    return fail(`${allowed}; unexpected ${extra.join(", ")}`);
  }
  return [...positionals];
}

function fail(message: string): never {
  throw new CliError(message);
}

/** A numeric option's value, e.g. `--max-chars 8000`: a number in range, or a CliError naming it. */
export function parseNumberOption(
  option: string,
  text: string,
  rule: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const value = text.trim() === "" ? NaN : Number(text);
  const ok =
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max);
  if (ok) return value;
  const bounds = [
    rule.min !== undefined ? `at least ${rule.min}` : "",
    rule.max !== undefined ? `at most ${rule.max}` : "",
  ].filter(Boolean);
  const kind = rule.integer ? "a whole number" : "a number";
  return fail(`${option} must be ${[kind, ...bounds].join(", ")}; got ${JSON.stringify(text)}`);
}

// The list says what to type instead, which --help would not.
function noSuchEnvironment(unknown: readonly string[], valid: readonly string[]): CliError {
  const quoted = unknown.map((name) => JSON.stringify(name)).join(", ");
  const known = valid.length > 0 ? valid.join(", ") : "none";
  const noun = unknown.length > 1 ? "environments" : "environment";
  return new CliError(`no ${noun} ${quoted}; environments: ${known}`, false);
}

/**
 * Refuses names that are not environments, listing the environments:
 * `no environment "x"; environments: dev, partners, prod, staging`.
 */
export function checkEnvironmentNames(names: readonly string[], valid: readonly string[]): void {
  const unknown = names.filter((name) => !valid.includes(name));
  if (unknown.length > 0) throw noSuchEnvironment(unknown, valid);
}

/** The environment called `name`, or a CliError listing the environments. */
export function findEnvironment<E extends { name: string }>(
  name: string,
  environments: readonly E[],
): E {
  const found = environments.find((env) => env.name === name);
  if (found) return found;
  const names = environments.map((env) => env.name);
  throw noSuchEnvironment([name], names);
}

/**
 * What a CLI prints for a failure: `plan: unknown option --foo (npm run plan -- --help)`.
 * A CliError is one line; another error keeps its message whole (Terraform's
 * output, every problem of the environment files), its stack is left out.
 */
export function errorLine(cli: Cli, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof CliError && error.showHelp ? ` (${cli.help})` : "";
  return `${cli.name}: ${message}${hint}`;
}

/**
 * Runs a CLI's `main`: the usage for --help/-h (main does not run), the exit
 * code main returns (0 if none), or, if it throws, errorLine on stderr and exit 1.
 */
export function runCli(
  cli: Cli,
  main: (argv: string[]) => Promise<number | void> | number | void,
  argv: string[] = process.argv.slice(2),
): void {
  if (wantsHelp(argv)) {
    console.log(cli.usage);
    return;
  }
  // process.exit: a keep-alive socket or timer left by a library must not hold the CLI open.
  Promise.resolve()
    .then(() => main(argv))
    .then(
      (code) => process.exit(code ?? 0),
      (error: unknown) => {
        console.error(errorLine(cli, error));
        process.exit(1);
      },
    );
}
