// The DynamoDB GetItem exchange in its wire form (JSON 1.0 protocol), pure:
// the request body the checker sends and what it makes of the answer. The
// AWS SDK would do this for 157 KB of bundle and +35 ms of cold start; four
// attributes do not need it.
import { CHECKED_ATTRIBUTES, TABLE_KEY } from "../shared/session-record";
import type { CheckedSession } from "./decide";
import { isRecord } from "../shared/is-record";

export type LookupOutcome =
  | { kind: "found"; session: CheckedSession }
  /** No such item, or an item the checker cannot read (fails closed like a missing one). */
  | { kind: "not-found"; malformed?: true }
  /** The table could not answer: 503, and nothing is cached. */
  | { kind: "unavailable"; reason: string };

type Attribute = (typeof CHECKED_ATTRIBUTES)[number];

/** Placeholders, since attribute names such as `sub` may be DynamoDB reserved words. */
const PLACEHOLDER: Record<Attribute, string> = {
  sub: "#s",
  groups: "#g",
  expiresAt: "#e",
  lastSeenAt: "#l",
};

/** The GetItem request: strongly consistent (a revocation is seen at once), projected. */
export function getItemBody(tableName: string, key: string): string {
  return JSON.stringify({
    TableName: tableName,
    Key: { [TABLE_KEY]: { S: key } },
    ConsistentRead: true,
    ProjectionExpression: CHECKED_ATTRIBUTES.map((name) => PLACEHOLDER[name]).join(", "),
    ExpressionAttributeNames: Object.fromEntries(
      CHECKED_ATTRIBUTES.map((name) => [PLACEHOLDER[name], name]),
    ),
  });
}

// DynamoDB's number format (it never sends NaN, Infinity or hex).
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function stringAttribute(item: Record<string, unknown>, name: Attribute): string | undefined {
  const value = item[name];
  return isRecord(value) && typeof value.S === "string" ? value.S : undefined;
}

function numberAttribute(item: Record<string, unknown>, name: Attribute): number | undefined {
  const value = item[name];
  if (!isRecord(value) || typeof value.N !== "string" || !DECIMAL.test(value.N)) return undefined;
  const n = Number(value.N);
  return Number.isFinite(n) ? n : undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Cognito's longest group name. */
const MAX_GROUP_LENGTH = 128;

/**
 * The group names of a list of strings (`L` of `S`, as the session manager
 * writes them), each a plain Cognito group name; undefined for anything
 * else, so a damaged list denies the session instead of guessing at it.
 */
function groupsAttribute(item: Record<string, unknown>): string[] | undefined {
  const value = item.groups;
  if (!isRecord(value) || !Array.isArray(value.L)) return undefined;
  const groups: string[] = [];
  for (const entry of value.L as unknown[]) {
    const name = isRecord(entry) ? entry.S : undefined;
    if (typeof name !== "string" || name.length === 0 || name.length > MAX_GROUP_LENGTH) {
      return undefined;
    }
    if (CONTROL.test(name)) return undefined;
    groups.push(name);
  }
  return groups;
}

/** The outcome of a 200 answer (its parsed JSON body). */
export function readGetItemResult(body: unknown): LookupOutcome {
  if (!isRecord(body)) return { kind: "unavailable", reason: "not a GetItem result" };
  if (body.Item === undefined) return { kind: "not-found" };
  if (!isRecord(body.Item)) return { kind: "not-found", malformed: true };
  const sub = stringAttribute(body.Item, "sub");
  const groups = groupsAttribute(body.Item);
  const expiresAt = numberAttribute(body.Item, "expiresAt");
  const lastSeenAt = numberAttribute(body.Item, "lastSeenAt");
  if (
    sub === undefined ||
    groups === undefined ||
    expiresAt === undefined ||
    lastSeenAt === undefined
  ) {
    return { kind: "not-found", malformed: true };
  }
  return { kind: "found", session: { sub, groups, expiresAt, lastSeenAt } };
}

/**
 * The error type of a failed answer, for the log: the part after "#" of
 * `__type` ("ThrottlingException"), restricted to a harmless alphabet.
 */
export function errorType(body: unknown): string {
  const type = isRecord(body) ? body.__type : undefined;
  if (typeof type !== "string") return "unknown";
  const name = type.slice(type.lastIndexOf("#") + 1);
  return /^[A-Za-z0-9.]{1,100}$/.test(name) ? name : "unknown";
}
