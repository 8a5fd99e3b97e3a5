// Finds the environment files (every .ts or .json file directly in environments/),
// validates each against the schema and reports every problem of every file
// at once: file, field path and what is allowed, or line and column.
import * as fs from "node:fs";
import * as path from "node:path";
import { transformSync, type Message } from "esbuild";
import type { z } from "zod";
import { crossEnvironmentProblems, type EnvironmentFile } from "./cross-environment";
import { ENVIRONMENTS_DIR, environmentSchemaIn, type Environment } from "./index";

export { ENVIRONMENTS_DIR };

/** One schema per directory of environment files: files they name are read from there. */
const schemas = new Map<string, ReturnType<typeof environmentSchemaIn>>();
function schemaFor(file: string): ReturnType<typeof environmentSchemaIn> {
  const dir = path.dirname(path.resolve(file));
  let schema = schemas.get(dir);
  if (!schema) {
    schema = environmentSchemaIn(dir);
    schemas.set(dir, schema);
  }
  return schema;
}

export interface Problem {
  /**
   * The environment file, relative to the project root where possible; for a
   * clash between environments, every file involved ("a and b").
   */
  file: string;
  /** Where in the file (1-based; the column in characters), when the file cannot be read. */
  line?: number;
  column?: number;
  /** Dotted field path, e.g. `cognito.appClients.0.callbackUrls.1`; "(file)" for the file itself. */
  field: string;
  message: string;
}

/** One line of the report: `file:line:column: message` where known, else `file: field: message`. */
function problemLine(p: Problem): string {
  return p.line === undefined
    ? `${p.file}: ${p.field}: ${p.message}`
    : `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** A bad environment: its message lists every problem, one per line, for a human. */
export class EnvironmentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      [
        `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):`,
        ...problems.map((p) => `  ${problemLine(p)}`),
      ].join("\n"),
    );
    this.name = "EnvironmentError";
  }
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

/** The raw value at `path`, to tell a missing field from a wrong one. */
function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** zod's type names, as an environment file's author would say them. */
const EXPECTED: Record<string, string> = { int: "a whole number", number: "a number" };

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code !== "invalid_type") return issue.message;
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  const value = valueAt(raw, issue.path);
  if (value === undefined) return `required (${expected})`;
  return `expected ${expected}; got ${JSON.stringify(value) ?? typeof value}`;
}

/** The environment a file is for: its name without the extension. */
function nameOfFile(file: string): string {
  return path.basename(file).replace(/\.[cm]?[jt]s(on)?$/, "");
}

/**
 * The schema's verdict and the file-name check, side by side: a file's other
 * problems never hide a name that does not match, nor the other way round.
 */
function checkEnvironment(
  raw: unknown,
  file: string,
): { parsed?: Environment; problems: Problem[] } {
  const shown = displayPath(file);
  const problems: Problem[] = [];
  const expectedName = nameOfFile(file);
  const name =
    typeof raw === "object" && raw !== null ? (raw as { name?: unknown }).name : undefined;
  if (typeof name === "string" && name !== expectedName) {
    problems.push({
      file: shown,
      field: "name",
      message: `must match the file name (${JSON.stringify(expectedName)}); got ${JSON.stringify(name)}`,
    });
  }
  const result = schemaFor(file).safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({
        file: shown,
        field: issue.path.length > 0 ? issue.path.join(".") : "(top level)",
        message: describeIssue(issue, raw),
      });
    }
    return { problems };
  }
  return { parsed: result.data, problems };
}

/**
 * Validates one environment's raw config; `file` is used in messages and
 * locates the files the config names (relative to its directory).
 */
export function validateEnvironment(
  raw: unknown,
  file: string,
): { environment?: Environment; problems: Problem[] } {
  const { parsed, problems } = checkEnvironment(raw, file);
  return problems.length === 0 ? { environment: parsed, problems } : { problems };
}

/** Paths of the environment files in `dir`, sorted. */
export function environmentFiles(dir = ENVIRONMENTS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /^(?!.*\.d\.ts$).+\.(ts|json)$/.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/**
 * Where and why `source` does not parse, as esbuild (which tsx runs .ts files
 * through) says it; undefined if it parses. The same verdict whichever
 * runtime (tsx, jest) failed to load the file.
 */
function syntaxProblem(source: string, loader: "ts" | "json", shown: string): Problem | undefined {
  let first: Message | undefined;
  try {
    transformSync(source, { loader, sourcefile: shown, logLevel: "silent" });
    return undefined;
  } catch (err) {
    first = (err as { errors?: Message[] }).errors?.[0];
  }
  if (!first?.location) return undefined;
  const { line, column, lineText } = first.location;
  // esbuild counts the column in UTF-8 bytes from 0; editors count characters from 1.
  const characters = Buffer.from(lineText, "utf8").subarray(0, column).toString("utf8").length;
  return { file: shown, line, column: characters + 1, field: "(file)", message: first.text };
}

/** The first line that says something of what a load threw (tsx heads its own with a count). */
function thrownMessage(err: unknown): string {
  const message =
    typeof err === "object" && err !== null && typeof (err as Error).message === "string"
      ? (err as Error).message
      : String(err);
  // eslint-disable-next-line no-control-regex
  const lines = message.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
  return (/^Transform failed with \d+ errors?:$/.test(lines[0]) && lines[1]) || lines[0];
}

/** Line and column of the innermost stack frame in `file`, if the thrown value has a stack. */
function thrownAt(err: unknown, file: string): { line: number; column: number } | undefined {
  const stack = typeof err === "object" && err !== null ? (err as Error).stack : undefined;
  if (typeof stack !== "string") return undefined;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const at = new RegExp(`${escaped}:(\\d+):(\\d+)\\)?$`, "m").exec(stack);
  return at ? { line: Number(at[1]), column: Number(at[2]) } : undefined;
}

/** Why `file` could not be loaded: its syntax error if it has one, else what loading threw. */
function loadProblem(err: unknown, file: string, source: string | undefined): Problem {
  const shown = displayPath(file);
  const loader = file.endsWith(".json") ? "json" : "ts";
  const syntax = source === undefined ? undefined : syntaxProblem(source, loader, shown);
  if (syntax) return syntax;
  return {
    file: shown,
    ...thrownAt(err, file),
    field: "(file)",
    message: `cannot be loaded: ${thrownMessage(err)}`,
  };
}

// Editors on Windows may save one; JSON.parse refuses it.
const BYTE_ORDER_MARK = /^\uFEFF/;

function readSource(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** A .ts file's default export, or a .json file's content; or why it cannot be had. */
function readEnvironmentFile(file: string): { raw: unknown } | { problem: Problem } {
  if (file.endsWith(".json")) {
    let source: string | undefined;
    let raw: unknown;
    try {
      source = fs.readFileSync(file, "utf8").replace(BYTE_ORDER_MARK, "");
      raw = JSON.parse(source) as unknown;
    } catch (err) {
      return { problem: loadProblem(err, file, source) };
    }
    // "$schema" points editors at environment.schema.json; it is not a setting.
    if (typeof raw === "object" && raw !== null && "$schema" in raw) {
      const rest: Record<string, unknown> = { ...raw };
      delete rest.$schema;
      return { raw: rest };
    }
    return { raw };
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { default?: unknown };
    return { raw: mod.default };
  } catch (err) {
    return { problem: loadProblem(err, file, readSource(file)) };
  }
}

/** One file's problems, and its environment if the schema accepts it. */
function loadFile(file: string): { parsed?: Environment; problems: Problem[] } {
  const read = readEnvironmentFile(file);
  if ("problem" in read) return { problems: [read.problem] };
  if (read.raw === undefined) {
    const message = "must `export default` the environment object";
    return { problems: [{ file: displayPath(file), field: "(file)", message }] };
  }
  return checkEnvironment(read.raw, file);
}

/**
 * Loads and validates every environment in `dir`, then checks what they must
 * not share. Throws one EnvironmentError listing every problem of every file.
 */
export function loadEnvironments(dir = ENVIRONMENTS_DIR): Environment[] {
  const problems: Problem[] = [];
  const files = environmentFiles(dir);
  if (files.length === 0) {
    problems.push({
      file: displayPath(dir),
      field: "(directory)",
      message: "no environment files (*.ts or *.json)",
    });
  }
  /** Schema-valid environments (a name mismatch aside), for the checks across them. */
  const valid: EnvironmentFile[] = [];
  const fileOfName = new Map<string, string>();
  for (const file of files) {
    const shown = displayPath(file);
    const { parsed, problems: own } = loadFile(file);
    problems.push(...own);
    // The file name is the environment's, so qa.ts and qa.json clash whatever they hold.
    const name = nameOfFile(file);
    const first = fileOfName.get(name);
    if (first !== undefined) {
      problems.push({
        file: shown,
        field: "name",
        message: `another file already defines environment ${JSON.stringify(name)} (${first})`,
      });
      continue;
    }
    fileOfName.set(name, shown);
    if (parsed) valid.push({ file: shown, environment: parsed });
  }
  problems.push(...crossEnvironmentProblems(valid));
  if (problems.length > 0) throw new EnvironmentError(problems);
  return valid.map((v) => v.environment);
}
