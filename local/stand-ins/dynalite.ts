// A real DynamoDB implementation (dynalite) on 127.0.0.1, with a session
// table shaped like the one the stack creates. dynalite accepts any SigV4
// signature and lacks TTL, so expiry is exercised through item attributes.
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
  options: Record<string, number>,
) => import("node:http").Server;

/** The region the loopback table pretends to be in. */
export const TEST_REGION = "eu-west-1";

/** Credentials the SDK and the SigV4 signer sign with; dynalite checks only their presence. */
export const TEST_CREDENTIALS = {
  accessKeyId: "AKIAEDGEGATETEST0000",
  secretAccessKey: "edge-gate-test-secret-access-key-00000000",
};

export interface LocalDynamo {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** An SDK client for that endpoint. */
  client: DynamoDBClient;
  /** Creates a table keyed like the session table; returns its name. */
  createSessionTable: (name?: string) => Promise<string>;
  close: () => Promise<void>;
}

let tableCount = 0;

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig: DynamoDBClientConfig = {
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
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
