// Finds the environment files (every .ts or .json file directly in environments/),
// validates each against the schema and reports every problem of every file
// at once: file, field path and what is allowed.
import * as fs from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
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
  /** The environment file, relative to the project root where possible. */
  file: string;
  /** Dotted field path, e.g. `cognito.appClients.0.callbackUrls.1`; "(file)" for the file itself. */
  field: string;
  message: string;
}

/** A bad environment: its message lists every problem, one per line, for a human. */
export class EnvironmentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      [
        `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):`,
        ...problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`),
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

/**
 * Validates one environment's raw config; `file` is used in messages and
 * locates the files the config names (relative to its directory).
 */
export function validateEnvironment(
  raw: unknown,
  file: string,
): { environment?: Environment; problems: Problem[] } {
  const shown = displayPath(file);
  const result = schemaFor(file).safeParse(raw);
  if (!result.success) {
    return {
      problems: result.error.issues.map((issue) => ({
        file: shown,
        field: issue.path.length > 0 ? issue.path.join(".") : "(top level)",
        message: describeIssue(issue, raw),
      })),
    };
  }
  const expectedName = path.basename(file).replace(/\.[cm]?[jt]s(on)?$/, "");
  if (result.data.name !== expectedName) {
    return {
      problems: [
        {
          file: shown,
          field: "name",
          message: `must match the file name (${JSON.stringify(expectedName)}); got ${JSON.stringify(result.data.name)}`,
        },
      ],
    };
  }
  return { environment: result.data, problems: [] };
}

/** Paths of the environment files in `dir`, sorted. */
export function environmentFiles(dir = ENVIRONMENTS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /^(?!.*\.d\.ts$).+\.(ts|json)$/.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** A .ts file's default export, or a .json file's content. */
function readEnvironmentFile(file: string): unknown {
  if (file.endsWith(".json")) {
    const raw = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    // "$schema" points editors at environment.schema.json; it is not a setting.
    if (typeof raw === "object" && raw !== null && "$schema" in raw) {
      const rest: Record<string, unknown> = { ...raw };
      delete rest.$schema;
      return rest;
    }
    return raw;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { default?: unknown };
  return mod.default;
}

/**
 * Loads and validates every environment in `dir`. Throws one
 * EnvironmentError listing every problem of every file.
 */
export function loadEnvironments(dir = ENVIRONMENTS_DIR): Environment[] {
  const environments: Environment[] = [];
  const problems: Problem[] = [];
  const files = environmentFiles(dir);
  if (files.length === 0) {
    problems.push({
      file: displayPath(dir),
      field: "(directory)",
      message: "no environment files (*.ts or *.json)",
    });
  }
  for (const file of files) {
    let raw: unknown;
    try {
      raw = readEnvironmentFile(file);
    } catch (err) {
      problems.push({
        file: displayPath(file),
        field: "(file)",
        message: `cannot be loaded: ${(err as Error).message.split("\n")[0]}`,
      });
      continue;
    }
    if (raw === undefined) {
      problems.push({
        file: displayPath(file),
        field: "(file)",
        message: "must `export default` the environment object",
      });
      continue;
    }
    const result = validateEnvironment(raw, file);
    problems.push(...result.problems);
    const env = result.environment;
    if (env && environments.some((e) => e.name === env.name)) {
      problems.push({
        file: displayPath(file),
        field: "name",
        message: `another file already defines environment ${JSON.stringify(env.name)}`,
      });
    } else if (env) {
      environments.push(env);
    }
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  return environments;
}
