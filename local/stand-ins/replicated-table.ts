// A DynamoDB global table on 127.0.0.1: one dynalite server per region (home
// and replicas) behind one routing proxy, and replication: every write the
// home table accepts reaches each replica after a delay, deletes included,
// as DynamoDB streams the new image of an item to the replicas.
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { TABLE_KEY } from "../../functions/shared/session-record";
import { DEFAULT_REPLICATION_DELAY_MS } from "../defaults";
import { startDynalite, TEST_CREDENTIALS, type LocalDynamo } from "./dynalite";
import { writtenKeys, type WrittenKey } from "./replication";
import { startTableProxy, type RelayedCall, type TableProxy } from "./table-proxy";

/** Runs `deliver` after `delayMs`; returns a function that cancels it. */
export type ReplicationScheduler = (deliver: () => void, delayMs: number) => () => void;

const timerScheduler: ReplicationScheduler = (deliver, delayMs) => {
  const timer = setTimeout(deliver, delayMs);
  return () => clearTimeout(timer);
};

export interface ReplicatedTableOptions {
  homeRegion: string;
  replicaRegions: readonly string[];
  /** Milliseconds from a write at home to its arrival at each replica; 0: before the writer's answer. */
  replicationDelayMs?: number;
  /** When deliveries happen (tests: on their command). Default: setTimeout. */
  schedule?: ReplicationScheduler;
}

export interface ReplicatedTable {
  /** `http://127.0.0.1:<port>/{region}`: the session checker's endpoint template. */
  endpoint: string;
  /** The endpoint of one region's copy (the session manager's table endpoint, an SDK client's). */
  endpointFor: (region: string) => string;
  homeRegion: string;
  replicaRegions: readonly string[];
  replicationDelayMs: number;
  /** The dynalite server of each region, with an SDK client that bypasses the proxy. */
  tables: Record<string, LocalDynamo>;
  proxy: TableProxy;
  /** Creates a table keyed like the session table, in every region. */
  createTable: (name: string) => Promise<void>;
  /** Deliveries scheduled and not yet applied. */
  pendingReplications: () => number;
  /** Resolves once every delivery that is due has been applied. */
  replicated: () => Promise<void>;
  /** Cancels the deliveries still due and stops every server. */
  close: () => Promise<void>;
}

type Item = Record<string, AttributeValue>;

function checkOptions(options: ReplicatedTableOptions, delayMs: number): void {
  if (!Number.isInteger(delayMs) || delayMs < 0) {
    throw new Error(
      `replicationDelayMs must be a whole number of milliseconds, 0 or more; got ${delayMs}`,
    );
  }
  if (options.replicaRegions.includes(options.homeRegion)) {
    throw new Error(`replica region ${options.homeRegion} is the home region`);
  }
  if (new Set(options.replicaRegions).size !== options.replicaRegions.length) {
    throw new Error("replica regions named twice");
  }
}

export async function startReplicatedTable(
  options: ReplicatedTableOptions,
): Promise<ReplicatedTable> {
  const delayMs = options.replicationDelayMs ?? DEFAULT_REPLICATION_DELAY_MS;
  checkOptions(options, delayMs);
  const schedule = options.schedule ?? timerScheduler;
  const { homeRegion, replicaRegions } = options;
  const regions = [homeRegion, ...replicaRegions];

  const tables: Record<string, LocalDynamo> = {};
  let proxy: TableProxy | undefined;
  const stopServers = async () => {
    await proxy?.close();
    await Promise.all(Object.values(tables).map((table) => table.close()));
  };

  // Deliveries apply one after another: a later write to an item never lands before an earlier one.
  let queue = Promise.resolve();
  const due = new Map<symbol, () => void>();
  let closed = false;

  const apply = async (region: string, written: WrittenKey, image: Item | undefined) => {
    const client = tables[region].client;
    if (image === undefined) {
      await client.send(
        new DeleteItemCommand({
          TableName: written.tableName,
          Key: written.key as unknown as Item,
        }),
      );
    } else {
      await client.send(new PutItemCommand({ TableName: written.tableName, Item: image }));
    }
  };
  const enqueue = (region: string, written: WrittenKey, image: Item | undefined) => {
    queue = queue
      .then(() => apply(region, written, image))
      .catch((err: unknown) => {
        if (!closed) console.error(`replication to ${region} failed: ${String(err)}`);
      });
    return queue;
  };

  /** After a write at home: the items' new images, to every replica now or after the delay. */
  const replicate = async ({ region, operation, body }: RelayedCall) => {
    if (region !== homeRegion) return;
    for (const written of writtenKeys(operation, body, [TABLE_KEY])) {
      const { Item } = await tables[homeRegion].client.send(
        new GetItemCommand({
          TableName: written.tableName,
          Key: written.key as unknown as Item,
          ConsistentRead: true,
        }),
      );
      for (const replica of replicaRegions) {
        if (delayMs === 0) {
          await enqueue(replica, written, Item);
          continue;
        }
        const id = Symbol(replica);
        due.set(
          id,
          schedule(() => {
            if (!due.delete(id)) return;
            void enqueue(replica, written, Item);
          }, delayMs),
        );
      }
    }
  };

  try {
    for (const region of regions) tables[region] = await startDynalite();
    proxy = await startTableProxy(
      Object.fromEntries(regions.map((region) => [region, tables[region].endpoint])),
      0,
      { afterSuccess: replicate, credentials: [TEST_CREDENTIALS] },
    );
  } catch (err) {
    await stopServers();
    throw err;
  }
  const started = proxy;

  return {
    endpoint: started.endpoint,
    endpointFor: (region) => started.endpoint.split("{region}").join(region),
    homeRegion,
    replicaRegions,
    replicationDelayMs: delayMs,
    tables,
    proxy: started,
    createTable: async (name) => {
      for (const region of regions) await tables[region].createSessionTable(name);
    },
    pendingReplications: () => due.size,
    replicated: () => queue,
    close: async () => {
      closed = true;
      for (const cancel of due.values()) cancel();
      due.clear();
      await queue;
      await stopServers();
    },
  };
}
