// `startLocalEnvironment`: one environment on 127.0.0.1, as the CLI
// (scripts/local.ts) and the end-to-end tests run it: synthesized into a temp
// folder, its stand-ins started (Cognito, the session table with replicas,
// Secrets Manager), test users and sample content made, and the local edge
// started on the stack's cdk.tf.json. stop() leaves nothing running.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Environment } from "../environments/schema";
import { hostedUiOrigin } from "../stacks/content-security-policy";
import { IDENTITY_BASE_PATH } from "../stacks/protection/session-cookie";
import { AUTH_BASE_PATH } from "../stacks/protection/signed-cookie";
import { DEFAULT_EDGE_REGION } from "./defaults";
import { startLocalEdge, type LocalEdge, type LocalEdgeOptions } from "./edge";
import { localContentSecurityPolicy } from "./runner/aws-origins";
import { holdPort } from "./runner/ports";
import { siteFolderOf, writeSampleSite, type SiteConfig } from "./runner/sample-site";
import { storeLocalSigningKeys } from "./runner/signing-keys";
import {
  localConfig,
  originMapOf,
  referenceResolver,
  standInClients,
  type LocalServices,
  type StackJson,
} from "./runner/stack-references";
import { environmentNamed, synthesizeEnvironment } from "./runner/synth-environment";
import { testUsersFor } from "./runner/test-users";
import { startCognitoStandIn, type StandInUser } from "./stand-ins/cognito-stand-in";
import { TEST_CREDENTIALS } from "./stand-ins/dynalite";
import { startReplicatedTable, type ReplicatedTable } from "./stand-ins/replicated-table";
import { startSecretsManagerStandIn } from "./stand-ins/secrets-manager-stand-in";
import { GENEROUS_TIMEOUT_MS } from "./stand-ins/timing";

export { PortInUseError } from "./runner/ports";

export interface LocalEnvironmentOptions {
  /** An environment file's name, or an environment (a variant a test made). */
  environment: string | Environment;
  /** The edge's port on 127.0.0.1; 0 or left out: any free port. */
  port?: number;
  /** Session table replication delay, ms (default 1000; 0: at once). */
  replicationDelayMs?: number;
  /** The region the edge functions run in (default us-east-1). */
  edgeRegion?: string;
  /** Test users (default: alice in every group of the rules, bob in none; fresh passwords). */
  users?: StandInUser[];
  /** Each line a function writes, by function name (default: printed, see LocalEdgeOptions). */
  functionLog?: LocalEdgeOptions["functionLog"];
}

export interface LocalEnvironment {
  url: string;
  environment: Environment;
  users: StandInUser[];
  /** The site's own pages (landing page, "what can I open") and the sample files. */
  site: SiteConfig;
  requestLog: LocalEdge["requestLog"];
  /** The Cognito stand-in's origin (hosted UI). */
  cognitoOrigin: string;
  /** The session table, in session-cookie mode (its tables, replication state). */
  sessionTable?: ReplicatedTable;
  /** The Secrets Manager stand-in, in signed-cookie mode. */
  secretsEndpoint?: string;
  /** Every loopback server of the run besides the site and Cognito (all refuse after stop()). */
  loopbackEndpoints: string[];
  /** The run's temp folder (stack, content, the functions' files), removed by stop(). */
  tempDirs: string[];
  /** The synthesized stack the edge serves (cdk.tf.json and assets), inside the temp folder. */
  stackDir: string;
  stop(): Promise<void>;
}

/** Where the mode's sign-in and sign-out are, for the sample pages. */
function siteLinks(
  env: Environment,
  site: string,
): { signInUrl: string | null; signOutUrl: string | null } {
  const back = encodeURIComponent(`${site}can-i-open.html`);
  if (env.protection.mode === "session-cookie") {
    return {
      signInUrl: `${IDENTITY_BASE_PATH}/login?path=${back}`,
      signOutUrl: `${IDENTITY_BASE_PATH}/logout`,
    };
  }
  if (env.protection.mode === "signed-cookie") {
    return {
      signInUrl: `${AUTH_BASE_PATH}/login?path=${back}`,
      signOutUrl: `${AUTH_BASE_PATH}/logout`,
    };
  }
  return { signInUrl: null, signOutUrl: null };
}

export async function startLocalEnvironment(
  options: LocalEnvironmentOptions,
): Promise<LocalEnvironment> {
  const env =
    typeof options.environment === "string"
      ? environmentNamed(options.environment)
      : options.environment;
  // A port in use fails here, before anything has started; the port stays
  // held until the edge takes it over (runner/ports.ts).
  const heldPort = await holdPort(options.port ?? 0);
  const { port } = heldPort;
  const edgeUrl = `http://127.0.0.1:${port}`;

  // Whatever started is stopped, newest first, on failure or stop().
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        console.error(`local run: stopping: ${String(err)}`);
      }
    }
  };

  const loopbackEndpoints: string[] = [];
  stops.push(() => heldPort.release());
  try {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `edge-gate-local-${env.name}-`));
    stops.push(() => fs.rmSync(root, { recursive: true, force: true }));
    const stackDir = synthesizeEnvironment(env, path.join(root, "cdktf.out"));
    const stack = JSON.parse(
      fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"),
    ) as StackJson;

    const rules = env.protection.paths;
    const users = options.users ?? testUsersFor(rules);
    const site = siteFolderOf(rules);
    const appCallbackUrl = `${edgeUrl}${site}callback.html`;
    const poolId = `${env.homeRegion}_EdgeGateLocal`;
    const services: LocalServices = {
      edgeUrl,
      homeRegion: env.homeRegion,
      hostedUiOrigin: hostedUiOrigin(env),
      cognito: { origin: "", issuer: "", jwksUri: "", poolId, jwksJson: "" },
    };
    const clients = standInClients(
      stack,
      referenceResolver(stack, services),
      originMapOf(services),
      edgeUrl,
      appCallbackUrl,
    );
    const cognito = await startCognitoStandIn({ poolId, users, clients });
    stops.push(() => cognito.close());
    const jwks = await fetch(cognito.jwksUri, { signal: AbortSignal.timeout(GENEROUS_TIMEOUT_MS) });
    services.cognito = { ...cognito, poolId, jwksJson: await jwks.text() };

    let sessionTable: ReplicatedTable | undefined;
    if (env.protection.mode === "session-cookie") {
      const table = await startReplicatedTable({
        homeRegion: env.homeRegion,
        replicaRegions: env.protection.replicaRegions,
        replicationDelayMs: options.replicationDelayMs,
      });
      sessionTable = table;
      stops.push(() => table.close());
      for (const block of Object.values(stack.resource?.aws_dynamodb_table ?? {})) {
        await table.createTable(String(block.name));
      }
      services.table = {
        endpoint: table.endpoint,
        regions: [table.homeRegion, ...table.replicaRegions],
      };
      loopbackEndpoints.push(
        table.endpointFor(table.homeRegion),
        ...Object.values(table.tables).map((t) => t.endpoint),
      );
    }

    let publicKeyOverrides: Record<string, string> = {};
    if (env.protection.mode === "signed-cookie") {
      const secrets = await startSecretsManagerStandIn();
      stops.push(() => secrets.close());
      services.secretsEndpoint = secrets.endpoint;
      loopbackEndpoints.push(secrets.endpoint);
      publicKeyOverrides = await storeLocalSigningKeys(env, secrets);
    }

    const appClient = clients.find((client) => client.appClient);
    const contentDir = path.join(root, "content");
    fs.mkdirSync(contentDir);
    const siteConfig = writeSampleSite(contentDir, {
      environment: env.name,
      mode: env.protection.mode,
      rules,
      users: users.map(({ username, sub, groups }) => ({ username, sub, groups })),
      rootObject: rootObjectOf(env),
      ...siteLinks(env, site),
      oidc:
        env.protection.mode === "bearer-jwt" && appClient !== undefined
          ? {
              authorizeUrl: `${cognito.origin}/oauth2/authorize`,
              tokenUrl: `${cognito.origin}/oauth2/token`,
              logoutUrl: `${cognito.origin}/logout`,
              clientId: appClient.clientId,
              redirectUri: appCallbackUrl,
              logoutUri: `${edgeUrl}/`,
              scopes: ["openid", "email", "profile"],
            }
          : null,
    });

    const resolveReference = referenceResolver(stack, services);
    const edgeOptions: LocalEdgeOptions = {
      functionLog: options.functionLog,
      stackDir,
      contentDir,
      port,
      resolveReference,
      adjustConfig: (_functionName, config) => localConfig(config, services),
      // The pages' policy names the same loopback origins the functions use.
      adjustResponseHeader: (name, value) =>
        name === "content-security-policy"
          ? localContentSecurityPolicy(value, originMapOf(services))
          : value,
      tempDir: path.join(root, "edge"),
      publicKeyOverrides,
      functionEnvironment: {
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: "edge-gate-local-session-token",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
      edgeRegion: options.edgeRegion ?? DEFAULT_EDGE_REGION,
    };
    // Let go of the port only now: the edge listens on it in the same step.
    await heldPort.release();
    const edge: LocalEdge = await startLocalEdge(edgeOptions);
    stops.push(() => edge.close());

    return {
      url: edge.url,
      environment: env,
      users,
      site: siteConfig,
      requestLog: edge.requestLog,
      cognitoOrigin: cognito.origin,
      sessionTable,
      secretsEndpoint: services.secretsEndpoint,
      loopbackEndpoints,
      tempDirs: [root],
      stackDir,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The object the distribution serves for "/" (its default root object), if any. */
function rootObjectOf(env: Environment): string | null {
  return env.cloudfront.defaultRootObject;
}
