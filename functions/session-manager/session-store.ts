// The session table as the session manager uses it (AWS SDK v3): sessions
// created, refreshed and deleted, and login records saved and taken. Items
// are keyed by hashes of the browser's opaque ids (functions/shared/session-record.ts).
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import type { LoginStore } from "../shared/hosted-ui/login-flow";
import {
  awsClientLimits,
  OUTBOUND_LIMITS,
  withOverallLimit,
  type AwsCallLimits,
} from "../shared/hosted-ui/outbound-limits";
import {
  EXPIRY_ATTRIBUTE,
  loginKey,
  newOpaqueId,
  OPAQUE_ID_PATTERN,
  sessionKey,
  TABLE_KEY,
  type LoginRecord,
  type SessionRecord,
} from "../shared/session-record";
import type { SessionManagerConfig } from "./config";

type Item = Record<string, AttributeValue>;

const str = (value: string): AttributeValue => ({ S: value });
const num = (value: number): AttributeValue => ({ N: String(value) });

function readString(item: Item, name: string): string | undefined {
  const value = item[name];
  return value !== undefined && "S" in value ? value.S : undefined;
}

function readNumber(item: Item, name: string): number | undefined {
  const value = item[name];
  const parsed = value !== undefined && "N" in value ? Number(value.N) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

function readLogin(item: Item | undefined): LoginRecord | null {
  if (item === undefined) return null;
  const record = {
    state: readString(item, "state"),
    nonce: readString(item, "nonce"),
    codeVerifier: readString(item, "codeVerifier"),
    returnPath: readString(item, "returnPath"),
    expiresAt: readNumber(item, EXPIRY_ATTRIBUTE),
  };
  return Object.values(record).every((v) => v !== undefined) ? (record as LoginRecord) : null;
}

function readSession(item: Item | undefined): SessionRecord | null {
  if (item === undefined) return null;
  const groups = item.groups;
  const record = {
    sub: readString(item, "sub"),
    username: readString(item, "username"),
    groups:
      groups !== undefined && "L" in groups && groups.L !== undefined
        ? groups.L.flatMap((g) => ("S" in g && g.S !== undefined ? [g.S] : []))
        : [],
    createdAt: readNumber(item, "createdAt"),
    expiresAt: readNumber(item, EXPIRY_ATTRIBUTE),
    lastSeenAt: readNumber(item, "lastSeenAt"),
  };
  return Object.values(record).every((v) => v !== undefined) ? (record as SessionRecord) : null;
}

export class SessionStore implements LoginStore {
  private readonly client: Pick<DynamoDBClient, "send">;
  private readonly tableName: string;

  constructor(table: SessionManagerConfig["table"], limits: AwsCallLimits = OUTBOUND_LIMITS.aws) {
    this.tableName = table.name;
    // A browser waits on every call: a table that does not answer must end
    // in a 503 within the budget of outbound-limits.ts, not in a Lambda time-out.
    const client = new DynamoDBClient({
      region: table.region,
      endpoint: table.endpoint ?? undefined,
      ...awsClientLimits(limits),
    });
    this.client = withOverallLimit(client, limits.overallMs);
  }

  /** Stores the record under a hash of a fresh random id, which becomes the login cookie. */
  async save(record: LoginRecord): Promise<string> {
    const loginId = newOpaqueId();
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          [TABLE_KEY]: str(loginKey(loginId)),
          state: str(record.state),
          nonce: str(record.nonce),
          codeVerifier: str(record.codeVerifier),
          returnPath: str(record.returnPath),
          [EXPIRY_ATTRIBUTE]: num(record.expiresAt),
        },
        ConditionExpression: "attribute_not_exists(#k)",
        ExpressionAttributeNames: { "#k": TABLE_KEY },
      }),
    );
    return loginId;
  }

  /**
   * Deletes and returns in one call, only if the record was saved for
   * `state`: two callbacks with one login cookie cannot both win, and a
   * callback with another state leaves the record to its own.
   */
  async take(loginId: string, state: string): Promise<LoginRecord | null> {
    if (!OPAQUE_ID_PATTERN.test(loginId)) return null;
    try {
      const result = await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { [TABLE_KEY]: str(loginKey(loginId)) },
          ConditionExpression: "#s = :state",
          ExpressionAttributeNames: { "#s": "state" },
          ExpressionAttributeValues: { ":state": str(state) },
          ReturnValues: "ALL_OLD",
        }),
      );
      return readLogin(result.Attributes);
    } catch (err) {
      // No record, or another login's: nothing taken.
      if (err instanceof ConditionalCheckFailedException) return null;
      throw err;
    }
  }

  /** Stores a new session and returns the opaque id for the browser's cookie. */
  async createSession(record: SessionRecord): Promise<string> {
    const sessionId = newOpaqueId();
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          [TABLE_KEY]: str(sessionKey(sessionId)),
          sub: str(record.sub),
          username: str(record.username),
          groups: { L: record.groups.map(str) },
          createdAt: num(record.createdAt),
          [EXPIRY_ATTRIBUTE]: num(record.expiresAt),
          lastSeenAt: num(record.lastSeenAt),
        },
        ConditionExpression: "attribute_not_exists(#k)",
        ExpressionAttributeNames: { "#k": TABLE_KEY },
      }),
    );
    return sessionId;
  }

  /**
   * Marks the session alive at `now` and returns it, or null when it does
   * not exist, has expired or has been idle longer than `idleTimeoutSeconds`.
   */
  async touchSession(
    sessionId: string,
    now: number,
    idleTimeoutSeconds: number | null,
  ): Promise<SessionRecord | null> {
    const idle = idleTimeoutSeconds === null ? "" : " AND #l > :idleCutoff";
    try {
      const result = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [TABLE_KEY]: str(sessionKey(sessionId)) },
          UpdateExpression: "SET #l = :now",
          ConditionExpression: `attribute_exists(#k) AND #e > :now${idle}`,
          ExpressionAttributeNames: {
            "#k": TABLE_KEY,
            "#e": EXPIRY_ATTRIBUTE,
            "#l": "lastSeenAt",
          },
          ExpressionAttributeValues: {
            ":now": num(now),
            ...(idleTimeoutSeconds === null
              ? {}
              : { ":idleCutoff": num(now - idleTimeoutSeconds) }),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return readSession(result.Attributes);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return null;
      throw err;
    }
  }

  /** Revokes a session: the edge stops passing it once its cached look-up ends. */
  async deleteSession(sessionId: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: { [TABLE_KEY]: str(sessionKey(sessionId)) },
      }),
    );
  }
}
