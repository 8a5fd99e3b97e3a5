// The DynamoDB UpdateItem that records a session's activity, in its wire
// form (JSON 1.0 protocol), pure like get-item.ts: the request body and what
// the checker makes of the answer. It names only the key and lastSeenAt,
// which is all the checker's IAM policy lets it name
// (stacks/protection/session-cookie.ts).
import { LAST_SEEN_ATTRIBUTE, TABLE_KEY } from "../shared/session-record";
import { errorType } from "./get-item";

export type ActivityOutcome =
  | { kind: "recorded" }
  /** The table's item said no: gone (logout), already recorded as late, or gone idle there. */
  | { kind: "not-recorded" }
  /** No answer in time, or an error answer: logged, never a verdict. */
  | { kind: "failed"; reason: string };

/**
 * Sets lastSeenAt to `nowSeconds`, only on an existing item (never creating
 * one for a deleted session), only forward, and only while the item is not
 * idle by the table's own lastSeenAt (a record never revives a session).
 * Expiry is not in the condition: it is written once, at login, and the
 * checker judged it on the item it just read.
 */
export function activityUpdateBody(
  tableName: string,
  key: string,
  nowSeconds: number,
  idleTimeoutSeconds: number,
): string {
  return JSON.stringify({
    TableName: tableName,
    Key: { [TABLE_KEY]: { S: key } },
    UpdateExpression: "SET #l = :now",
    ConditionExpression: "attribute_exists(#k) AND #l < :now AND #l > :idleCutoff",
    ExpressionAttributeNames: { "#k": TABLE_KEY, "#l": LAST_SEEN_ATTRIBUTE },
    ExpressionAttributeValues: {
      ":now": { N: String(nowSeconds) },
      ":idleCutoff": { N: String(nowSeconds - idleTimeoutSeconds) },
    },
    ReturnValues: "NONE",
  });
}

/** The outcome of an UpdateItem answer: its status and parsed JSON body. */
export function readUpdateItemAnswer(status: number, body: unknown): ActivityOutcome {
  if (status === 200) return { kind: "recorded" };
  if (status === 400 && errorType(body) === "ConditionalCheckFailedException") {
    return { kind: "not-recorded" };
  }
  return { kind: "failed", reason: "error answer" };
}
