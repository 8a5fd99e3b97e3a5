// Which items a DynamoDB write touched, read from its request body: what the
// local global table copies to its replicas after each successful write at
// home. Pure, so tests call it directly.
import { isRecord } from "../edge/json-shapes";

/** A DynamoDB JSON attribute value, as requests carry it. */
export type AttributeValueJson = Record<string, unknown>;

export interface WrittenKey {
  tableName: string;
  /** The item's key attributes (DynamoDB JSON). */
  key: Record<string, AttributeValueJson>;
}

type Json = Record<string, unknown>;

const record = (value: unknown): Json | undefined => (isRecord(value) ? value : undefined);

/** The key part of `item` (an Item or a Key), or undefined if one of the key attributes is missing. */
function keyOf(item: unknown, keyAttributes: readonly string[]): WrittenKey["key"] | undefined {
  const attributes = record(item);
  if (attributes === undefined) return undefined;
  const key: WrittenKey["key"] = {};
  for (const name of keyAttributes) {
    const value = record(attributes[name]);
    if (value === undefined) return undefined;
    key[name] = value;
  }
  return key;
}

function written(
  tableName: unknown,
  item: unknown,
  keyAttributes: readonly string[],
): WrittenKey[] {
  const key = keyOf(item, keyAttributes);
  return typeof tableName === "string" && key !== undefined ? [{ tableName, key }] : [];
}

/**
 * The items `operation` (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
 * TransactWriteItems) wrote, keyed by `keyAttributes`; [] for reads and for
 * anything that cannot be read. A ConditionCheck writes nothing.
 */
export function writtenKeys(
  operation: string,
  body: Buffer,
  keyAttributes: readonly string[],
): WrittenKey[] {
  let parsed: Json | undefined;
  try {
    parsed = record(JSON.parse(body.toString("utf8")));
  } catch {
    return [];
  }
  if (parsed === undefined) return [];
  switch (operation) {
    case "PutItem":
      return written(parsed.TableName, parsed.Item, keyAttributes);
    case "UpdateItem":
    case "DeleteItem":
      return written(parsed.TableName, parsed.Key, keyAttributes);
    case "BatchWriteItem":
      return Object.entries(record(parsed.RequestItems) ?? {}).flatMap(([tableName, requests]) =>
        (Array.isArray(requests) ? requests : []).flatMap((request) => {
          const r = record(request) ?? {};
          const item = record(r.PutRequest)?.Item ?? record(r.DeleteRequest)?.Key;
          return written(tableName, item, keyAttributes);
        }),
      );
    case "TransactWriteItems":
      return (Array.isArray(parsed.TransactItems) ? parsed.TransactItems : []).flatMap((entry) => {
        const e = record(entry) ?? {};
        const put = record(e.Put);
        if (put) return written(put.TableName, put.Item, keyAttributes);
        const change = record(e.Update) ?? record(e.Delete);
        return change ? written(change.TableName, change.Key, keyAttributes) : [];
      });
    default:
      return [];
  }
}
