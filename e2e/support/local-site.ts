// One local environment and one headless Chromium per e2e suite, a fresh
// browser profile per test, and on a failed test its screenshots and the
// edge's request log under e2e-artifacts/. Tests reach the environment
// through what this returns.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  startLocalEnvironment,
  type LocalEnvironment,
  type LocalEnvironmentOptions,
} from "../../local/run";
import { localClientId, type StackJson } from "../../local/runner/stack-references";
import type { StandInUser } from "../../local/stand-ins/cognito-stand-in";
import { GENEROUS_TIMEOUT_MS } from "../../local/stand-ins/timing";
import { saveFailureArtifacts } from "./artifacts";
import { launchChromium } from "./chromium";
import { RUNNING_TEST_KEY, type RunningTest } from "./failure-environment";

export { GENEROUS_TIMEOUT_MS };

export interface AppClient {
  clientId: string;
  redirectUri: string;
}

export type SiteOptions = LocalEnvironmentOptions;

export interface E2eSite {
  readonly run: LocalEnvironment;
  readonly browser: Browser;
  /** cdktf.out/stacks/<env> of this run: the stack the edge serves. */
  readonly stackDir: string;
  /** http://127.0.0.1:<port><path> */
  url(pathAndQuery: string): string;
  user(username: string): StandInUser;
  /** The environment's own app client, and the site's callback the local run registers for it. */
  appClient(): AppClient;
  /** A fresh browser profile, closed after the test (its pages are screenshotted if it fails). */
  newContext(): Promise<BrowserContext>;
  /** A page in a fresh profile. */
  newPage(): Promise<Page>;
}

/** Registers the suite's hooks; the returned object is usable from beforeAll on. */
export function useLocalSite(suite: string, options: SiteOptions): E2eSite {
  let run: LocalEnvironment | undefined;
  let browser: Browser | undefined;
  let stackDir: string | undefined;
  let contexts: BrowserContext[] = [];
  let firstLogEntry = 0;
  // The functions' own output, kept for a failing test's artifacts instead of the run's output.
  const functionLines: string[] = [];
  let firstFunctionLine = 0;

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`e2e: ${what} has not started (see beforeAll's error)`);
    return value;
  };

  beforeAll(async () => {
    const [launched, environment] = await Promise.allSettled([
      launchChromium(),
      startLocalEnvironment({
        ...options,
        functionLog: (name, line) => functionLines.push(`[${name}] ${line}`),
      }),
    ]);
    if (launched.status === "fulfilled") browser = launched.value;
    if (environment.status === "fulfilled") {
      run = environment.value;
      stackDir = run.stackDir;
    }
    if (launched.status === "rejected") throw launched.reason;
    if (environment.status === "rejected") throw environment.reason;
  });

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  beforeEach(() => {
    contexts = [];
    firstLogEntry = run?.requestLog.length ?? 0;
    firstFunctionLine = functionLines.length;
  });

  afterEach(async () => {
    const running = (globalThis as Record<string, unknown>)[RUNNING_TEST_KEY] as
      RunningTest | undefined;
    if (running?.failed) {
      const dir = await saveFailureArtifacts({
        suite,
        testName: running.name,
        pages: contexts.flatMap((context) => context.pages()),
        requestLog: run?.requestLog ?? [],
        firstLogEntry,
        functionLines,
        firstFunctionLine,
      });
      process.stderr.write(
        `e2e: screenshots, request log and function log of "${running.name}" in ${dir}\n`,
      );
    }
    for (const context of contexts.splice(0)) await context.close();
  });

  const site: E2eSite = {
    get run() {
      return started(run, "the local environment");
    },
    get browser() {
      return started(browser, "Chromium");
    },
    get stackDir() {
      return started(stackDir, "the local environment");
    },
    url: (pathAndQuery) => `${site.run.url}${pathAndQuery}`,
    user: (username) => {
      const found = site.run.users.find((u) => u.username === username);
      if (found === undefined) throw new Error(`e2e: no test user ${username}`);
      return found;
    },
    appClient: () => {
      const stack = JSON.parse(
        fs.readFileSync(path.join(site.stackDir, "cdk.tf.json"), "utf8"),
      ) as StackJson;
      // The environment file's clients; the functions' own call back to the distribution.
      const apps = Object.entries(stack.resource?.aws_cognito_user_pool_client ?? {}).filter(
        ([, block]) =>
          !JSON.stringify(block.callback_urls ?? []).includes("${aws_cloudfront_distribution."),
      );
      if (apps.length === 0) throw new Error("e2e: the stack has no app client of its own");
      return {
        clientId: localClientId(apps[0][0]),
        redirectUri: site.url(`${site.run.site.site}callback.html`),
      };
    },
    newContext: async () => {
      const context = await site.browser.newContext();
      // A safety net against a hang, never a verdict: conditions are waited for.
      context.setDefaultTimeout(GENEROUS_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(GENEROUS_TIMEOUT_MS);
      contexts.push(context);
      return context;
    },
    newPage: async () => (await site.newContext()).newPage(),
  };
  return site;
}
