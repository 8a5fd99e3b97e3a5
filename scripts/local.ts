// `npm run local -- <env>`: serves one environment on 127.0.0.1 (local/run.ts)
// and prints where, who can sign in and what to try; Ctrl-C stops everything.
import { loadEnvironments } from "../environments/schema/load";
import { DEFAULT_EDGE_REGION, DEFAULT_REPLICATION_DELAY_MS } from "../local/defaults";
import type { LocalEnvironment } from "../local/run";
import {
  checkPositionals,
  CliError,
  findEnvironment,
  parseCliArgs,
  parseNumberOption,
  runCli,
} from "./cli/args";
import { sayNodeNoticeOnce } from "./cli/sdk-node-notice";

/** A fixed default, so the printed URL and a bookmark stay the same from run to run. */
const DEFAULT_PORT = 8080;

const USAGE = `usage: npm run local -- <env> [--port N] [--replication-delay-ms N] [--edge-region R]

Serves environment <env> on 127.0.0.1 as it would run on AWS: its synthesized CloudFront
configuration and edge functions, with local stand-ins for S3 (sample content), Cognito
(test users and a sign-in page), DynamoDB and Secrets Manager. Prints the URL and the
test users; Ctrl-C stops everything.

  --port N                   the site's port (default ${DEFAULT_PORT}; 0: any free port)
  --replication-delay-ms N   session-cookie: how long a write at the home table takes to reach
                             the replicas (default ${DEFAULT_REPLICATION_DELAY_MS}; 0: at once)
  --edge-region R            the region the edge functions run in (default ${DEFAULT_EDGE_REGION}):
                             a replica region of the session table reads that replica`;

const CLI = { name: "local", usage: USAGE, help: "npm run local -- --help" };

const OPTIONS = {
  port: { type: "string" },
  "replication-delay-ms": { type: "string" },
  "edge-region": { type: "string" },
} as const;

/** What a request for a protected file gets without signing in, by mode. */
const REFUSAL: Record<LocalEnvironment["environment"]["protection"]["mode"], string> = {
  "bearer-jwt": "401 JSON without a token (send Authorization: Bearer <access token>)",
  "session-cookie": "401 JSON; a browser is sent to the sign-in page and back",
  "signed-cookie": "403 and the sign-in page, CloudFront's own refusal",
};

/** What to print once the environment runs. */
export function describeRun(run: LocalEnvironment): string {
  const { environment: env, site } = run;
  const lines = [
    `edge-gate ${env.name} (${env.protection.mode}) is running at ${run.url}/`,
    `  start page: ${run.url}${site.site}index.html`,
    `  what can I open: ${run.url}${site.site}can-i-open.html`,
    "",
    "Test users (sign in on the stand-in's page):",
    ...run.users.map(
      (user) =>
        `  ${user.username.padEnd(8)} password ${user.password}  groups: ${user.groups.join(", ") || "none"}  (sub ${user.sub})`,
    ),
    "",
    "Try:",
    `  - open the start page and sign in as ${run.users[0].username}, then "what can I open"`,
    `  - sign out and sign in as ${run.users[1]?.username ?? "another user"}: group folders stay shut`,
    `  - curl -i ${run.url}/users/${run.users[0].sub}/hello.txt: ${REFUSAL[env.protection.mode]}`,
  ];
  if (env.protection.mode === "session-cookie" && run.sessionTable) {
    lines.push(
      `  - session table: home ${run.sessionTable.homeRegion}, replicas ${run.sessionTable.replicaRegions.join(", ") || "none"}, replication delay ${run.sessionTable.replicationDelayMs} ms`,
    );
  }
  lines.push("", "Ctrl-C stops everything.");
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { options: OPTIONS, allowPositionals: true });
  const [name] = checkPositionals(positionals, "<env>", 1);
  const environment = findEnvironment(name, loadEnvironments());
  const number = (option: string, text: string | undefined, rule: { min: number; max?: number }) =>
    text === undefined ? undefined : parseNumberOption(option, text, { ...rule, integer: true });
  const port = number("--port", values.port, { min: 0, max: 65535 }) ?? DEFAULT_PORT;
  const replicationDelayMs = number("--replication-delay-ms", values["replication-delay-ms"], {
    min: 0,
  });
  const edgeRegion = values["edge-region"];
  if (edgeRegion !== undefined && !/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(edgeRegion)) {
    throw new CliError(
      `--edge-region must be an AWS region such as us-east-1; got ${JSON.stringify(edgeRegion)}`,
    );
  }

  sayNodeNoticeOnce();
  // Loaded once the command line is known to be good: a refusal or --help
  // answers without loading the servers (over a second of CPU). require, not
  // import(): a dynamic import would leave tsx's CommonJS hook behind.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startLocalEnvironment } = require("../local/run") as typeof import("../local/run");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { portInUse } = require("../local/runner/ports") as typeof import("../local/runner/ports");
  let run: LocalEnvironment;
  try {
    run = await startLocalEnvironment({ environment, port, replicationDelayMs, edgeRegion });
  } catch (err) {
    const taken = portInUse(err);
    if (taken !== undefined) {
      throw new CliError(
        `port ${taken} is in use; choose another with --port <N> (or --port 0 for any free port)`,
        false,
      );
    }
    throw err;
  }
  // Runs until a signal; stop() ends every server, child process and temp folder.
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      // Handlers stay installed while stopping: a second Ctrl-C (npm and tsx
      // pass one on too) would otherwise end the process before the cleanup.
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping...`);
      run.stop().then(
        () => resolve(0),
        (err: unknown) => {
          console.error(`local: stopping failed: ${String(err)}`);
          resolve(1);
        },
      );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
    // Only now: a Ctrl-C the moment this says so must find the handlers in
    // place, or it ends the process before stop() cleans up.
    console.log(describeRun(run));
  });
}

runCli(CLI, main);
