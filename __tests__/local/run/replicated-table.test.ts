// The local run's session table: home and replica dynalite servers behind one
// routing proxy, every write at home reaching each replica after the
// replication delay. Deliveries run on a scheduler the test drives, so "not
// yet" and "now" never depend on how fast the machine is.
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { TABLE_KEY } from "../../../functions/shared/session-record";
import { TEST_CREDENTIALS } from "../../../local/stand-ins/dynalite";
import { DEFAULT_REPLICATION_DELAY_MS } from "../../../local/defaults";
import {
  startReplicatedTable,
  type ReplicatedTable,
} from "../../../local/stand-ins/replicated-table";
import { writtenKeys } from "../../../local/stand-ins/replication";

const HOME = "eu-central-1";
const REPLICA = "us-east-1";
const TABLE = "local-sessions";

/** A scheduler that delivers only when the test says so, and records the delays asked for. */
function manualScheduler() {
  const queued: { deliver: () => void; delayMs: number; cancelled: boolean }[] = [];
  return {
    delays: () => queued.map((q) => q.delayMs),
    schedule: (deliver: () => void, delayMs: number) => {
      const entry = { deliver, delayMs, cancelled: false };
      queued.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
    /** Runs every delivery queued so far, in order. */
    runAll: () => {
      for (const entry of queued.splice(0)) if (!entry.cancelled) entry.deliver();
    },
    queued: () => queued.filter((q) => !q.cancelled).length,
  };
}

function clientFor(table: ReplicatedTable, region: string): DynamoDBClient {
  return new DynamoDBClient({
    region,
    endpoint: table.endpointFor(region),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}

const key = (id: string) => ({ [TABLE_KEY]: { S: id } });

async function read(client: DynamoDBClient, id: string) {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: TABLE, Key: key(id), ConsistentRead: true }),
  );
  return Item;
}

describe("writtenKeys", () => {
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));

  it("names the item of each single-item write", () => {
    expect(
      writtenKeys("PutItem", body({ TableName: "t", Item: { pk: { S: "a" }, x: { N: "1" } } }), [
        "pk",
      ]),
    ).toEqual([{ tableName: "t", key: { pk: { S: "a" } } }]);
    for (const operation of ["UpdateItem", "DeleteItem"]) {
      expect(
        writtenKeys(operation, body({ TableName: "t", Key: { pk: { S: "b" } } }), ["pk"]),
      ).toEqual([{ tableName: "t", key: { pk: { S: "b" } } }]);
    }
  });

  it("names every item of batch and transactional writes", () => {
    expect(
      writtenKeys(
        "BatchWriteItem",
        body({
          RequestItems: {
            t: [
              { PutRequest: { Item: { pk: { S: "a" }, y: { S: "z" } } } },
              { DeleteRequest: { Key: { pk: { S: "b" } } } },
            ],
          },
        }),
        ["pk"],
      ),
    ).toEqual([
      { tableName: "t", key: { pk: { S: "a" } } },
      { tableName: "t", key: { pk: { S: "b" } } },
    ]);
    expect(
      writtenKeys(
        "TransactWriteItems",
        body({
          TransactItems: [
            { Put: { TableName: "t", Item: { pk: { S: "a" } } } },
            { Update: { TableName: "t", Key: { pk: { S: "c" } } } },
            { ConditionCheck: { TableName: "t", Key: { pk: { S: "d" } } } },
          ],
        }),
        ["pk"],
      ),
    ).toEqual([
      { tableName: "t", key: { pk: { S: "a" } } },
      { tableName: "t", key: { pk: { S: "c" } } },
    ]);
  });

  it("names nothing for reads, unknown operations and bodies it cannot read", () => {
    const get = body({ TableName: "t", Key: { pk: { S: "a" } } });
    expect(writtenKeys("GetItem", get, ["pk"])).toEqual([]);
    expect(writtenKeys("Query", get, ["pk"])).toEqual([]);
    expect(writtenKeys("PutItem", Buffer.from("not json"), ["pk"])).toEqual([]);
    expect(
      writtenKeys("PutItem", body({ TableName: "t", Item: { other: { S: "a" } } }), ["pk"]),
    ).toEqual([]);
    expect(writtenKeys("PutItem", body(null), ["pk"])).toEqual([]);
  });
});

describe("a replicated session table", () => {
  let table: ReplicatedTable | undefined;
  let clients: DynamoDBClient[] = [];
  afterEach(async () => {
    for (const client of clients) client.destroy();
    clients = [];
    await table?.close();
    table = undefined;
  });

  async function start(replicationDelayMs?: number) {
    const scheduler = manualScheduler();
    table = await startReplicatedTable({
      homeRegion: HOME,
      replicaRegions: [REPLICA],
      replicationDelayMs,
      schedule: scheduler.schedule,
    });
    await table.createTable(TABLE);
    const home = clientFor(table, HOME);
    const replica = clientFor(table, REPLICA);
    clients.push(home, replica);
    return { table, scheduler, home, replica };
  }

  it("shows a write at home in the replica only once the replication delay has passed", async () => {
    const { table: t, scheduler, home, replica } = await start();
    await home.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key("s1"), n: { N: "1" } } }),
    );

    expect(await read(home, "s1")).toEqual({ ...key("s1"), n: { N: "1" } });
    expect(await read(replica, "s1")).toBeUndefined();
    expect(scheduler.delays()).toEqual([DEFAULT_REPLICATION_DELAY_MS]);
    expect(t.pendingReplications()).toBe(1);

    scheduler.runAll();
    await t.replicated();
    expect(t.pendingReplications()).toBe(0);
    expect(await read(replica, "s1")).toEqual({ ...key("s1"), n: { N: "1" } });
  });

  it("replicates updates and deletes, in order, with the delay asked for", async () => {
    const { table: t, scheduler, home, replica } = await start(250);
    await home.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key("s2"), n: { N: "1" } } }),
    );
    scheduler.runAll();
    await t.replicated();

    await home.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: key("s2"),
        UpdateExpression: "SET n = :n",
        ExpressionAttributeValues: { ":n": { N: "2" } },
      }),
    );
    expect(await read(replica, "s2")).toEqual({ ...key("s2"), n: { N: "1" } });
    await home.send(new DeleteItemCommand({ TableName: TABLE, Key: key("s2") }));
    expect(await read(replica, "s2")).toEqual({ ...key("s2"), n: { N: "1" } });
    expect(scheduler.delays()).toEqual([250, 250]);

    scheduler.runAll();
    await t.replicated();
    expect(await read(replica, "s2")).toBeUndefined();
    expect(await read(home, "s2")).toBeUndefined();
  });

  it("with a delay of 0, the replica has the write by the time the writer gets its answer", async () => {
    const { scheduler, home, replica } = await start(0);
    await home.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...key("s3"), n: { N: "3" } } }),
    );
    expect(await read(replica, "s3")).toEqual({ ...key("s3"), n: { N: "3" } });
    await home.send(new DeleteItemCommand({ TableName: TABLE, Key: key("s3") }));
    expect(await read(replica, "s3")).toBeUndefined();
    expect(scheduler.queued()).toBe(0);
  });

  it("replicates nothing for a refused write or a write at a replica", async () => {
    const { scheduler, home, replica } = await start();
    await home.send(new PutItemCommand({ TableName: TABLE, Item: key("s4") }));
    const refused = home.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { ...key("s4"), n: { N: "9" } },
        ConditionExpression: "attribute_not_exists(#k)",
        ExpressionAttributeNames: { "#k": TABLE_KEY },
      }),
    );
    await expect(refused).rejects.toThrow(/conditional request failed/i);
    await replica.send(new PutItemCommand({ TableName: TABLE, Item: key("r1") }));
    expect(scheduler.delays()).toHaveLength(1);
    expect(await read(home, "r1")).toBeUndefined();
  });

  it("cancels the deliveries still due when closed", async () => {
    const { table: t, scheduler, home } = await start();
    await home.send(new PutItemCommand({ TableName: TABLE, Item: key("s5") }));
    expect(scheduler.queued()).toBe(1);
    await t.close();
    table = undefined;
    expect(scheduler.queued()).toBe(0);
  });

  it("refuses a negative or fractional delay and a replica named like home", async () => {
    await expect(
      startReplicatedTable({ homeRegion: HOME, replicaRegions: [REPLICA], replicationDelayMs: -1 }),
    ).rejects.toThrow(/replicationDelayMs/);
    await expect(
      startReplicatedTable({
        homeRegion: HOME,
        replicaRegions: [REPLICA],
        replicationDelayMs: 1.5,
      }),
    ).rejects.toThrow(/replicationDelayMs/);
    await expect(
      startReplicatedTable({ homeRegion: HOME, replicaRegions: [HOME] }),
    ).rejects.toThrow(/home region/);
  });
});
