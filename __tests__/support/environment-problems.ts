// Variants of shipped environments with one mistake each, validated as if
// they were environments/broken.ts: the environment tests' common set-up.
import { validateEnvironment, type Problem } from "../../environments/schema/load";
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
