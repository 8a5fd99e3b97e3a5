// Session-checker benchmark section: warm time per request on a cache hit
// and on a cache miss, each next to one GetItem against the same loopback
// DynamoDB (dynalite) in the same run; bundle size; cold init of the bundle.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { SessionCheckerConfig } from "../../functions/session-checker/config";
import { createHandler } from "../../functions/session-checker/handler";
import {
  CHECKED_ATTRIBUTES,
  newOpaqueId,
  sessionKey,
  TABLE_KEY,
} from "../../functions/shared/session-record";
import { bundle } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { SESSION_CHECKER_ENTRY } from "../../stacks/protection/session-cookie";
import { startDynalite, TEST_CREDENTIALS, TEST_REGION } from "../../__tests__/support/dynalite";
import { kb, median, microsecondsPerCall, zipSize } from "./measure";

const COOKIE = "__Host-edge-gate-session";
const SUB = "7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6";
const ROUNDS = 7;
/** The checker's read: consistent, only the attributes it judges (names escaped: `sub` is reserved). */
const PROJECTION = {
  ConsistentRead: true,
  ProjectionExpression: CHECKED_ATTRIBUTES.map((_, i) => `#a${i}`).join(", "),
  ExpressionAttributeNames: Object.fromEntries(
    CHECKED_ATTRIBUTES.map((name, i) => [`#a${i}`, name]),
  ),
};
const MISSES_PER_ROUND = 200;
const HITS_PER_ROUND = 5000;

function checkerConfig(tableName: string, endpoint: string): SessionCheckerConfig {
  return {
    cookieName: COOKIE,
    table: { name: tableName, homeRegion: TEST_REGION, replicaRegions: [], endpoint },
    lookupTimeoutMs: 1000,
    positiveCacheSeconds: 300,
    negativeCacheSeconds: 5,
    cacheMaxEntries: 10000,
    idleTimeoutSeconds: 3600,
    loginPath: "/_identity/login",
    publicPrefixes: ["/public/"],
    identityHeader: "x-gate-sub",
    corsAllowedOrigins: [],
  };
}

function viewerRequest(uri: string, sessionId: string) {
  return {
    Records: [
      {
        cf: {
          config: { eventType: "viewer-request", distributionId: "EBENCH", requestId: "r" },
          request: {
            clientIp: "203.0.113.7",
            method: "GET",
            uri,
            querystring: "",
            headers: {
              host: [{ key: "Host", value: "d111111abcdef8.cloudfront.net" }],
              cookie: [{ key: "Cookie", value: `theme=dark; ${COOKIE}=${sessionId}` }],
              accept: [{ key: "Accept", value: "image/avif,image/webp,*/*" }],
            },
          },
        },
      },
    ],
  };
}

const CREDENTIAL_ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: TEST_REGION,
};

export function sessionCheckerBundleSize(): void {
  const code = bundle(SESSION_CHECKER_ENTRY, EDGE_RUNTIME, { edge: true });
  const config = JSON.stringify(
    checkerConfig("staging-sessions", "https://dynamodb.{region}.amazonaws.com"),
  );
  console.log(
    `  session-checker: ${kb(Buffer.byteLength(code))} raw, ${kb(zipSize({ "index.js": code, "config.json": config }))} zipped with its config.json (target <= 15 KB)`,
  );
}

export async function benchSessionChecker(): Promise<void> {
  const dynamo = await startDynalite();
  try {
    const tableName = await dynamo.createSessionTable();
    const now = Math.floor(Date.now() / 1000);
    const ids = Array.from({ length: ROUNDS * MISSES_PER_ROUND + 1 }, () => newOpaqueId());
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
    const handle = createHandler(checkerConfig(tableName, dynamo.endpoint), {
      env: CREDENTIAL_ENV,
    });
    const uri = `/users/${SUB}/photo.jpg`;
    const first = (await handle(viewerRequest(uri, ids[0]))) as { uri?: string };
    if (first.uri === undefined)
      throw new Error(`bench session was refused: ${JSON.stringify(first)}`);

    const getItem = (id: string) =>
      dynamo.client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { [TABLE_KEY]: { S: sessionKey(id) } },
          ...PROJECTION,
        }),
      );
    const sdk: number[] = [];
    const misses: number[] = [];
    const hits: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = ids.slice(1 + round * MISSES_PER_ROUND, 1 + (round + 1) * MISSES_PER_ROUND);
      sdk.push(await microsecondsPerCall(fresh.length, (i) => getItem(fresh[i])));
      // Each id once: every request misses the cache and reads the table.
      misses.push(
        await microsecondsPerCall(fresh.length, (i) => handle(viewerRequest(uri, fresh[i]))),
      );
      hits.push(
        await microsecondsPerCall(HITS_PER_ROUND, () => handle(viewerRequest(uri, ids[0]))),
      );
    }
    const baseline = median(sdk);
    const ratio = (us: number) => (us / baseline).toFixed(3);
    console.log(`Session checker, warm, loopback DynamoDB (dynalite), median of ${ROUNDS} rounds:`);
    console.log(`  one GetItem (AWS SDK v3, consistent read):   ${baseline.toFixed(1)} µs`);
    console.log(
      `  checker, cache miss (GetItem + checks):      ${median(misses).toFixed(1)} µs, ratio ${ratio(median(misses))} (target <= 1.3)`,
    );
    console.log(
      `  checker, cache hit:                          ${median(hits).toFixed(1)} µs, ratio ${ratio(median(hits))} (target <= 0.02)`,
    );
    await benchCold(tableName, dynamo.endpoint, ids[0]);
  } finally {
    await dynamo.close();
  }
}

const run = promisify(execFile);

async function timeNode(args: string[], cwd: string): Promise<number> {
  const t = process.hrtime.bigint();
  await run(process.execPath, args, { cwd, env: { ...process.env, ...CREDENTIAL_ENV } });
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Cold init: require + config read + the first request (a public path, then a table look-up). */
async function benchCold(tableName: string, endpoint: string, sessionId: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-"));
  try {
    fs.writeFileSync(
      path.join(dir, "index.js"),
      bundle(SESSION_CHECKER_ENTRY, EDGE_RUNTIME, { edge: true }),
    );
    fs.writeFileSync(
      path.join(dir, "config.json"),
      JSON.stringify(checkerConfig(tableName, endpoint)),
    );
    const request = (uri: string) =>
      `const e=${JSON.stringify(viewerRequest(uri, sessionId))};require("./index.js").handler(e).then(r=>{if(!r.uri)process.exit(3)})`;
    const runs = 15;
    const bare: number[] = [];
    const publicPath: number[] = [];
    const lookUp: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(await timeNode(["-e", ""], dir));
      publicPath.push(await timeNode(["-e", request("/public/logo.png")], dir));
      lookUp.push(await timeNode(["-e", request(`/users/${SUB}/photo.jpg`)], dir));
    }
    const base = median(bare);
    console.log(`Cold init of the session-checker bundle (median of ${runs} processes):`);
    console.log(`  node -e '':                                   ${base.toFixed(1)} ms`);
    console.log(
      `  require + config read + first request (public): +${(median(publicPath) - base).toFixed(1)} ms (target <= 10)`,
    );
    console.log(
      `  ... first request with a GetItem (loopback):    +${(median(lookUp) - base).toFixed(1)} ms`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
