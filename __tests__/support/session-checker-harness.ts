// A session checker wired to real DynamoDB: two dynalite servers standing
// for the table's home region and one replica region, behind one loopback
// proxy that routes `/<region>` to the matching server (so the production
// endpoint template, `{region}` filled in, picks the server), counts the
// GetItems that reach each region, and can be switched to misbehave like a
// throttled, failing or hanging table. Handlers get a generous look-up time
// limit unless a test asks for the config's own (see timing-harness.ts).
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { SessionCheckerConfig } from "../../functions/session-checker/config";
import {
  createHandler,
  type AwsEnvironment,
  type ViewerRequestHandler,
} from "../../functions/session-checker/handler";
import { newOpaqueId, sessionKey, TABLE_KEY } from "../../functions/shared/session-record";
import { startTableProxy, type TableProxy } from "../../local/stand-ins/table-proxy";
import { startDynalite, TEST_CREDENTIALS, TEST_REGION, type LocalDynamo } from "./dynalite";
import { GENEROUS_TIMEOUT_MS } from "./timing-harness";

export const HOME_REGION = TEST_REGION;
export const REPLICA_REGION = "us-west-2";
export const COOKIE_NAME = "__Host-edge-gate-session";
export const IDENTITY_HEADER = "x-auth-sub";
export const LOGIN_PATH = "/_auth/login";
export const APP_ORIGIN = "https://app.example.com";
export const TEST_SUB = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
/**
 * The group of the harness's sessions, which the harness's rules let read
 * the whole site: tests of the session mechanics need a session that may
 * read what they ask for. Path-rule tests give sessions groups of their own.
 */
export const READERS_GROUP = "readers";
/**
 * config.lookupTimeoutMs: the limit production code reads. Handlers built by
 * the harness replace it with a generous one unless asked for "config".
 */
export const LOOKUP_TIMEOUT_MS = 300;
export const POSITIVE_CACHE_SECONDS = 60;
export const NEGATIVE_CACHE_SECONDS = 30;
export const IDLE_TIMEOUT_SECONDS = 1800;
/** min(300, idle / 4), as the stack renders it (activityIntervalFor). */
export const ACTIVITY_INTERVAL_SECONDS = 300;
/** The test clock starts here (ms): a fixed instant keeps the arithmetic readable. */
export const START_MS = 1_750_000_000_000;

// The proxy lives with the stand-ins (the local run uses it too); tests import it from here.
export {
  CAPACITY,
  startTableProxy,
  THROTTLING,
  type Fault,
  type TableProxy,
} from "../../local/stand-ins/table-proxy";

export interface SessionAttributes {
  sub: string;
  /** Cognito groups the session manager recorded at login; default [READERS_GROUP]. */
  groups: string[];
  expiresAt: number;
  lastSeenAt: number;
}

export interface SessionHarness {
  tables: Record<string, LocalDynamo>;
  tableName: string;
  proxy: TableProxy;
  config: SessionCheckerConfig;
  /** The environment of an instance running in the home region. */
  env: AwsEnvironment;
  /** Test clock, ms; handlers built by the harness read it. */
  clock: { now: number; advance: (seconds: number) => void };
  /**
   * A fresh handler (empty cache) for the config with `overrides`, running in
   * `region`. Its look-ups may take `lookupTimeoutMs` (default generous), or
   * config.lookupTimeoutMs with "config" (production's path; for time-outs
   * proved on a fake clock).
   */
  handlerWith: (
    overrides?: Partial<SessionCheckerConfig>,
    region?: string,
    lookupTimeoutMs?: number | "config",
  ) => ViewerRequestHandler;
  /** Writes a session valid for an hour (attributes overridable); returns its opaque id. */
  putSession: (attributes?: Partial<SessionAttributes>, region?: string) => Promise<string>;
  /** Writes an arbitrary item under the key of `id` (malformed items). */
  putRawItem: (id: string, item: Record<string, unknown>, region?: string) => Promise<void>;
  deleteSession: (id: string, region?: string) => Promise<void>;
  /** The stored item of session `id` in `region` (DynamoDB JSON), or undefined. */
  storedItem: (id: string, region?: string) => Promise<Record<string, unknown> | undefined>;
  /** Replication catching up: the home table's item of `id` copied to the replica, or removed there. */
  replicate: (id: string) => Promise<void>;
  close: () => Promise<void>;
}

export function checkerConfig(
  endpoint: string,
  tableName: string,
  overrides: Partial<SessionCheckerConfig> = {},
): SessionCheckerConfig {
  return {
    cookieName: COOKIE_NAME,
    table: { name: tableName, homeRegion: HOME_REGION, replicaRegions: [REPLICA_REGION], endpoint },
    lookupTimeoutMs: LOOKUP_TIMEOUT_MS,
    positiveCacheSeconds: POSITIVE_CACHE_SECONDS,
    negativeCacheSeconds: NEGATIVE_CACHE_SECONDS,
    cacheMaxEntries: 100,
    idleTimeoutSeconds: IDLE_TIMEOUT_SECONDS,
    activityIntervalSeconds: ACTIVITY_INTERVAL_SECONDS,
    loginPath: LOGIN_PATH,
    // The readers group reads the whole site, so the harness's sessions pass
    // wherever the rules are not under test; user folders as shipped.
    rules: {
      publicPrefixes: ["/public/", "/index.html"],
      groupPrefixes: [{ group: READERS_GROUP, prefix: "/" }],
      userPrefixes: ["/users/{sub}/"],
    },
    identityHeader: IDENTITY_HEADER,
    corsAllowedOrigins: [APP_ORIGIN],
    ...overrides,
  };
}

export function awsEnvironment(region: string): AwsEnvironment {
  return {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: "edge-gate-test-session-token",
    AWS_REGION: region,
  };
}

export async function startSessionHarness(): Promise<SessionHarness> {
  const home = await startDynalite();
  const replica = await startDynalite();
  const tables: Record<string, LocalDynamo> = { [HOME_REGION]: home, [REPLICA_REGION]: replica };
  const tableName = await home.createSessionTable();
  await replica.createSessionTable(tableName);
  const proxy = await startTableProxy(
    { [HOME_REGION]: home.endpoint, [REPLICA_REGION]: replica.endpoint },
    0,
    // Every look-up's signature is checked as DynamoDB checks it.
    { credentials: [TEST_CREDENTIALS] },
  );
  const config = checkerConfig(proxy.endpoint, tableName);
  const clock = {
    now: START_MS,
    advance: (seconds: number) => {
      clock.now += seconds * 1000;
    },
  };
  const putRawItem = async (id: string, item: Record<string, unknown>, region = HOME_REGION) => {
    await tables[region].client.send(
      new PutItemCommand({
        TableName: tableName,
        // Every item the session manager writes has groups: one left out
        // here is the harness's readers group (malformed ones are given).
        Item: {
          [TABLE_KEY]: { S: sessionKey(id) },
          ...("groups" in item ? {} : { groups: { L: [{ S: READERS_GROUP }] } }),
          ...item,
        } as never,
      }),
    );
  };
  const deleteSession = async (id: string, region = HOME_REGION) => {
    await tables[region].client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { [TABLE_KEY]: { S: sessionKey(id) } },
      }),
    );
  };
  const storedItem = async (id: string, region = HOME_REGION) => {
    const { Item } = await tables[region].client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { [TABLE_KEY]: { S: sessionKey(id) } },
        ConsistentRead: true,
      }),
    );
    return Item as Record<string, unknown> | undefined;
  };
  return {
    tables,
    tableName,
    proxy,
    config,
    env: awsEnvironment(HOME_REGION),
    clock,
    handlerWith: (overrides = {}, region = HOME_REGION, lookupTimeoutMs = GENEROUS_TIMEOUT_MS) =>
      createHandler(
        { ...config, ...overrides },
        {
          now: () => clock.now,
          env: awsEnvironment(region),
          outboundTimeoutMs: lookupTimeoutMs === "config" ? undefined : lookupTimeoutMs,
        },
      ),
    putSession: async (attributes = {}, region = HOME_REGION) => {
      const nowSeconds = Math.floor(clock.now / 1000);
      const session = {
        sub: TEST_SUB,
        groups: [READERS_GROUP],
        expiresAt: nowSeconds + 3600,
        lastSeenAt: nowSeconds,
        ...attributes,
      };
      const id = newOpaqueId();
      await putRawItem(
        id,
        {
          sub: { S: session.sub },
          username: { S: "alice" },
          groups: { L: session.groups.map((group) => ({ S: group })) },
          createdAt: { N: String(nowSeconds) },
          expiresAt: { N: String(session.expiresAt) },
          lastSeenAt: { N: String(session.lastSeenAt) },
        },
        region,
      );
      return id;
    },
    putRawItem,
    storedItem,
    replicate: async (id) => {
      const item = await storedItem(id, HOME_REGION);
      if (item === undefined) {
        await deleteSession(id, REPLICA_REGION);
        return;
      }
      await tables[REPLICA_REGION].client.send(
        new PutItemCommand({ TableName: tableName, Item: item as never }),
      );
    },
    deleteSession,
    close: async () => {
      await proxy.close();
      await Promise.all([home.close(), replica.close()]);
    },
  };
}

/** The `Cookie` header pair carrying session id `id` (and any other cookies). */
export function sessionCookie(id: string, ...others: string[]): [string, string] {
  return ["Cookie", [...others, `${COOKIE_NAME}=${id}`].join("; ")];
}
