// Synthesizes one environment for the local run, as `npm run synth` does for
// all of them (main.ts), into a folder of its own: cdktf.out/ is left alone,
// and the bundles are the ones a deploy would ship.
import * as path from "node:path";
import { App } from "cdktf";
import type { Environment } from "../../environments/schema";
import { loadEnvironments } from "../../environments/schema/load";
import { ProtectedContentStack } from "../../stacks/protected-content-stack";

/** The environment called `name`, or an error listing the environments. */
export function environmentNamed(name: string): Environment {
  const environments = loadEnvironments();
  const found = environments.find((env) => env.name === name);
  if (found !== undefined) return found;
  const names = environments.map((env) => env.name).join(", ");
  throw new UnknownEnvironmentError(
    `no environment ${JSON.stringify(name)}; environments: ${names}`,
  );
}

export class UnknownEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownEnvironmentError";
  }
}

/** Writes `<outdir>/stacks/<env>/cdk.tf.json` and its assets; returns that stack folder. */
export function synthesizeEnvironment(env: Environment, outdir: string): string {
  const app = new App({ outdir });
  new ProtectedContentStack(app, env);
  app.synth();
  return path.join(outdir, "stacks", env.name);
}
