// A real DynamoDB implementation (dynalite) on 127.0.0.1, with a session
// table shaped like the one the stack creates. dynalite accepts any SigV4
// signature and lacks TTL, so expiry is exercised through item attributes.
// Plain http unless given a key and certificate (the bench's cold GetItem
// runs over https, as against DynamoDB itself).
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import {
  CreateTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from "@aws-sdk/client-dynamodb";
import { TABLE_KEY } from "../../functions/shared/session-record";
// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (
  options: Record<string, number | boolean | string>,
) => import("node:http").Server;

/** The region the loopback table pretends to be in. */
export const TEST_REGION = "eu-west-1";

/** Credentials the SDK and the SigV4 signer sign with; dynalite checks only their presence. */
export const TEST_CREDENTIALS = {
  accessKeyId: "AKIAEDGEGATETEST0000",
  secretAccessKey: "edge-gate-test-secret-access-key-00000000",
};

export interface LocalDynamo {
  /** http://127.0.0.1:<port>, or https:// when started with `tls`. */
  endpoint: string;
  /** An SDK client for that endpoint. */
  client: DynamoDBClient;
  /** Creates a table keyed like the session table; returns its name. */
  createSessionTable: (name?: string) => Promise<string>;
  close: () => Promise<void>;
}

let tableCount = 0;

export interface DynaliteOptions {
  /** Serve https with this PEM key and certificate (which the SDK client trusts). */
  tls?: { key: string; cert: string };
}

export async function startDynalite(options: DynaliteOptions = {}): Promise<LocalDynamo> {
  const { tls } = options;
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(tls && { ssl: true, key: tls.key, cert: tls.cert, ca: tls.cert }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  const clientConfig: DynamoDBClientConfig = {
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    ...(tls && { requestHandler: { httpsAgent: new https.Agent({ ca: tls.cert }) } }),
  };
  const client = new DynamoDBClient(clientConfig);
  return {
    endpoint,
    client,
    createSessionTable: async (name) => {
      tableCount += 1;
      const tableName = name ?? `edge-gate-test-sessions-${tableCount}`;
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [{ AttributeName: TABLE_KEY, AttributeType: "S" }],
          KeySchema: [{ AttributeName: TABLE_KEY, KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      return tableName;
    },
    close: async () => {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
