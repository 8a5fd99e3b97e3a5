// Session-checker benchmark section: warm time per request on a cache hit
// and on a cache miss, each next to one GetItem against the same loopback
// DynamoDB (dynalite) in the same round; and the bundle's size.
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { createHandler } from "../../functions/session-checker/handler";
import { CHECKED_ATTRIBUTES, sessionKey, TABLE_KEY } from "../../functions/shared/session-record";
import { bundle } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { SESSION_CHECKER_ENTRY } from "../../stacks/protection/session-cookie";
import { startDynalite } from "../../__tests__/support/dynalite";
import {
  median,
  microsecondsPerCall,
  pairedRatioWithSpread,
  sampleSeries,
  valuesOf,
  zipSize,
} from "./measure";
import { attempt, type Measurement, type Results } from "./report";
import { printBundleComposition } from "./bundle-composition";
import {
  checkerConfig,
  CREDENTIAL_ENV,
  expectPass,
  PROTECTED_URI,
  seedSessions,
  viewerRequest,
} from "./session-fixtures";

const ROUNDS = 7;
const MISSES_PER_ROUND = 200;
const HITS_PER_ROUND = 5000;
/** The checker's read: consistent, only the attributes it judges (names escaped: `sub` is reserved). */
const PROJECTION = {
  ConsistentRead: true,
  ProjectionExpression: CHECKED_ATTRIBUTES.map((_, i) => `#a${i}`).join(", "),
  ExpressionAttributeNames: Object.fromEntries(
    CHECKED_ATTRIBUTES.map((name, i) => [`#a${i}`, name]),
  ),
};

export function sessionCheckerBundleSize(): Measurement {
  const code = bundle(SESSION_CHECKER_ENTRY, EDGE_RUNTIME, { edge: true });
  printBundleComposition("session-checker", SESSION_CHECKER_ENTRY, code);
  const config = JSON.stringify(
    checkerConfig("staging-sessions", "https://dynamodb.{region}.amazonaws.com"),
  );
  return { value: zipSize({ "index.js": code, "config.json": config }) / 1024 };
}

export async function benchSessionChecker(): Promise<Results> {
  const dynamo = await startDynalite();
  try {
    const { tableName, ids } = await seedSessions(dynamo, ROUNDS * MISSES_PER_ROUND + 1);
    const getItem = (id: string) =>
      dynamo.client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { [TABLE_KEY]: { S: sessionKey(id) } },
          ...PROJECTION,
        }),
      );
    // The first GetItem of a fresh table can be slow (once slow enough to
    // hit the checker's 1 s time-out): taken here, outside the checker.
    await getItem(ids[0]);
    const handle = createHandler(checkerConfig(tableName, dynamo.endpoint), {
      env: CREDENTIAL_ENV,
    });
    expectPass(await handle(viewerRequest(PROTECTED_URI, ids[0])));

    // Each round reads its own ids, once by the SDK and once through the
    // checker, whose cache has never seen them.
    const idsOf = (round: number) =>
      ids.slice(1 + round * MISSES_PER_ROUND, 1 + (round + 1) * MISSES_PER_ROUND);
    let sdkRound = 0;
    let missRound = 0;
    const samples = await sampleSeries(ROUNDS, {
      getItem: () => {
        const fresh = idsOf(sdkRound++);
        return microsecondsPerCall(fresh.length, (i) => getItem(fresh[i]));
      },
      miss: () => {
        const fresh = idsOf(missRound++);
        return microsecondsPerCall(fresh.length, async (i) =>
          expectPass(await handle(viewerRequest(PROTECTED_URI, fresh[i]))),
        );
      },
      hit: () =>
        microsecondsPerCall(HITS_PER_ROUND, async () =>
          expectPass(await handle(viewerRequest(PROTECTED_URI, ids[0]))),
        ),
    });
    console.log(`  loopback DynamoDB (dynalite), median of ${ROUNDS} rounds`);
    const against = (series: "hit" | "miss") =>
      attempt(() => {
        const sdk = valuesOf(samples.getItem);
        return {
          ...pairedRatioWithSpread(valuesOf(samples[series]), sdk),
          baseline: { label: "one GetItem (AWS SDK v3)", value: median(sdk), unit: "µs" },
        };
      });
    return {
      "session-checker.hit": await against("hit"),
      "session-checker.miss": await against("miss"),
    };
  } finally {
    await dynamo.close();
  }
}
