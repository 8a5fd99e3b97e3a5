// What the session-checker benchmarks share: the checker's config against a
// given table, a viewer request carrying a session cookie, the credentials
// it signs with, and a loopback table filled with live sessions.
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { SessionCheckerConfig } from "../../functions/session-checker/config";
import { newOpaqueId, sessionKey, TABLE_KEY } from "../../functions/shared/session-record";
import { TEST_CREDENTIALS, TEST_REGION, type LocalDynamo } from "../../__tests__/support/dynalite";
import { viewerRequestEvent } from "./viewer-event";

const COOKIE = "__Host-edge-gate-session";
export const SUB = "7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6";
export const PROTECTED_URI = `/users/${SUB}/photo.jpg`;
export const PUBLIC_URI = "/public/logo.png";

export function checkerConfig(tableName: string, endpoint: string): SessionCheckerConfig {
  return {
    cookieName: COOKIE,
    table: { name: tableName, homeRegion: TEST_REGION, replicaRegions: [], endpoint },
    lookupTimeoutMs: 1000,
    positiveCacheSeconds: 300,
    negativeCacheSeconds: 5,
    cacheMaxEntries: 10000,
    idleTimeoutSeconds: 3600,
    activityIntervalSeconds: 300,
    loginPath: "/_identity/login",
    // Public files, and each user's own folder (PROTECTED_URI is SUB's).
    rules: { publicPrefixes: ["/public/"], groupPrefixes: [], userPrefixes: ["/users/{sub}/"] },
    identityHeader: "x-gate-sub",
    corsAllowedOrigins: [],
  };
}

export function viewerRequest(uri: string, sessionId: string) {
  return viewerRequestEvent(uri, {
    cookie: [{ key: "Cookie", value: `theme=dark; ${COOKIE}=${sessionId}` }],
    accept: [{ key: "Accept", value: "image/avif,image/webp,*/*" }],
  });
}

/** What Lambda puts in the environment, for the checker to sign with. */
export const CREDENTIAL_ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: TEST_REGION,
};

/**
 * Throws unless the checker let the request through. A 503 here is the
 * look-up failing or timing out: the figure would time the time-out.
 */
export function expectPass(result: unknown): void {
  const { uri, status } = result as { uri?: string; status?: string };
  if (uri === undefined) {
    const why = status === "503" ? " (the session look-up failed or timed out)" : "";
    throw new Error(`request refused with ${status ?? "nothing"}${why}`);
  }
}

/** A session table with `count` live sessions of user SUB; returns the table and the ids. */
export async function seedSessions(dynamo: LocalDynamo, count: number) {
  const tableName = await dynamo.createSessionTable();
  const now = Math.floor(Date.now() / 1000);
  const ids = Array.from({ length: count }, () => newOpaqueId());
  for (const id of ids) {
    await dynamo.client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          [TABLE_KEY]: { S: sessionKey(id) },
          sub: { S: SUB },
          username: { S: "alice@example.com" },
          groups: { L: [{ S: "staff" }] },
          createdAt: { N: String(now) },
          expiresAt: { N: String(now + 8 * 3600) },
          lastSeenAt: { N: String(now) },
        },
      }),
    );
  }
  return { tableName, ids };
}
