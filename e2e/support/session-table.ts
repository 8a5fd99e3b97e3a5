// The session-cookie run's table as the tests look into it: which copies
// (home, replicas) hold a browser's session, and deleting it everywhere, as
// a revocation that has finished replicating leaves it.
import {
  DeleteItemCommand,
  GetItemCommand,
  ListTablesCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import type { BrowserContext } from "playwright-core";
import { sessionKey, TABLE_KEY } from "../../functions/shared/session-record";
import type { ReplicatedTable } from "../../local/stand-ins/replicated-table";

/** The session cookie's value in a browser profile; throws when there is none. */
export async function sessionCookieValue(context: BrowserContext, name: string): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === name);
  if (cookie === undefined) throw new Error(`e2e: the browser holds no ${name} cookie`);
  return cookie.value;
}

async function tableName(client: DynamoDBClient): Promise<string> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  if (TableNames.length !== 1)
    throw new Error(`e2e: expected one session table, found ${TableNames.join(", ")}`);
  return TableNames[0];
}

/** The regions whose copy of the table holds the session behind `cookieValue`. */
export async function regionsHolding(
  table: ReplicatedTable,
  cookieValue: string,
): Promise<string[]> {
  const holding: string[] = [];
  for (const [region, copy] of Object.entries(table.tables)) {
    const { Item } = await copy.client.send(
      new GetItemCommand({
        TableName: await tableName(copy.client),
        Key: { [TABLE_KEY]: { S: sessionKey(cookieValue) } },
        ConsistentRead: true,
      }),
    );
    if (Item !== undefined) holding.push(region);
  }
  return holding.sort();
}

/** Deletes the session behind `cookieValue` from every copy, straight in each region's server. */
export async function deleteSessionEverywhere(
  table: ReplicatedTable,
  cookieValue: string,
): Promise<void> {
  for (const copy of Object.values(table.tables)) {
    await copy.client.send(
      new DeleteItemCommand({
        TableName: await tableName(copy.client),
        Key: { [TABLE_KEY]: { S: sessionKey(cookieValue) } },
      }),
    );
  }
}
