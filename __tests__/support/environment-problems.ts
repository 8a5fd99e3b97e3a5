// Variants of shipped environments with one mistake each, validated as if
// they were environments/broken.ts: the environment tests' common set-up.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  EnvironmentError,
  loadEnvironments,
  validateEnvironment,
  type Problem,
} from "../../environments/schema/load";
import { shippedEnvironment } from "./synth";

export const BROKEN_FILE = "environments/broken.ts";

// Bad configs are untyped on purpose: they are what a typo would produce.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConfig = Record<string, any>;

/** The problems of shipped environment `name` changed by `change`, as environments/broken.ts. */
export function problemsOfVariant(name: string, change: (env: AnyConfig) => void): Problem[] {
  const env = JSON.parse(JSON.stringify(shippedEnvironment(name))) as AnyConfig;
  env.name = "broken";
  change(env);
  return validateEnvironment(env, BROKEN_FILE).problems;
}

/** `problems` include one for `field` whose message matches `allowed`. */
export function expectProblem(problems: Problem[], field: string, allowed: RegExp): void {
  expect(problems).toEqual(
    expect.arrayContaining([{ file: BROKEN_FILE, field, message: expect.stringMatching(allowed) }]),
  );
}

/**
 * What loading a directory holding `files` (name -> content) reports: each
 * file's path shown as environments/<name>, as a run from the project root would.
 */
export function loadedFiles(files: Record<string, string>): {
  problems: Problem[];
  message: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-envs-"));
  const shown = (text: string) => text.split(`${dir}${path.sep}`).join("environments/");
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), content);
    }
    loadEnvironments(dir);
    return { problems: [], message: "" };
  } catch (err) {
    if (!(err instanceof EnvironmentError)) throw err;
    const problems = err.problems.map((p) => ({
      ...p,
      file: shown(p.file),
      message: shown(p.message),
    }));
    return { problems, message: shown(err.message) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A shipped environment as a JSON environment file named `name`, changed by `change`. */
export function jsonVariant(
  shipped: string,
  name: string,
  change: (env: AnyConfig) => void = () => {},
): string {
  const env = JSON.parse(JSON.stringify(shippedEnvironment(shipped))) as AnyConfig;
  env.name = name;
  change(env);
  return JSON.stringify(env, null, 2);
}
