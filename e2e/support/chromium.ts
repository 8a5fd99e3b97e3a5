// Which Chromium the e2e tests drive and how: Debian's build (or the one
// EDGE_GATE_CHROMIUM names), headless, never a downloaded browser. A missing
// binary is one clear line naming the package, never a skipped suite.
import * as fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_VARIABLE = "EDGE_GATE_CHROMIUM";
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export interface LaunchPlan {
  executablePath: string;
  headless: true;
  args: string[];
}

/**
 * How to launch: the sandbox needs user namespaces a root process cannot
 * use, so it is turned off for root only; everyone else keeps it.
 */
export function launchPlan(env: NodeJS.ProcessEnv, uid: number | undefined): LaunchPlan {
  const given = env[CHROMIUM_VARIABLE]?.trim();
  return {
    executablePath: given === undefined || given === "" ? DEFAULT_CHROMIUM : given,
    headless: true,
    args: uid === 0 ? ["--no-sandbox"] : [],
  };
}

/** The one line a run without Chromium fails with. */
export function missingChromiumMessage(executablePath: string): string {
  return (
    `e2e: no Chromium at ${executablePath}: install it with \`apt-get install -y chromium\`` +
    ` (or set ${CHROMIUM_VARIABLE} to its path)`
  );
}

/** The failure for a missing or unusable binary; null when it can be run. */
export function chromiumProblem(executablePath: string): Error | null {
  try {
    fs.accessSync(executablePath, fs.constants.X_OK);
    return null;
  } catch {
    const error = new Error(missingChromiumMessage(executablePath));
    // Jest prints the stack of a failed global setup: the message alone says it all.
    error.stack = error.message;
    return error;
  }
}

export async function launchChromium(): Promise<Browser> {
  const plan = launchPlan(process.env, process.getuid?.());
  const problem = chromiumProblem(plan.executablePath);
  if (problem !== null) throw problem;
  return chromium.launch(plan);
}
