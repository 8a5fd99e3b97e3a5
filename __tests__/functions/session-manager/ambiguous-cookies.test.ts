// The session manager, like the session checker, never picks one of several
// session cookies: a __Host- cookie exists once per host, so a second copy
// was tossed in from a related domain or forged. /session refuses (400,
// nothing cleared, nothing refreshed); /logout ends every session presented.
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { loginKey, newOpaqueId, sessionKey } from "../../../functions/shared/session-record";
import { startDynalite, type LocalDynamo } from "../../support/dynalite";
import { unusedOrigin } from "../../support/jwks-server";
import {
  apiEvent,
  COOKIE_NAME,
  cookiePair,
  LOGIN_COOKIE_PREFIX,
  locationOf,
  sessionManager,
  sessionManagerConfig,
  useTestCredentials,
  hostedUiAt,
} from "../../support/session-manager-harness";

let dynamo: LocalDynamo;
let tableName: string;
let handle: ReturnType<typeof sessionManager>;
const NOW_MS = 1_790_000_000_000;
const NOW = NOW_MS / 1000;

beforeAll(async () => {
  useTestCredentials();
  dynamo = await startDynalite();
  tableName = await dynamo.createSessionTable();
  const hostedUi = await unusedOrigin();
  handle = sessionManager(
    sessionManagerConfig({
      tableName,
      tableEndpoint: dynamo.endpoint,
      ...hostedUiAt(hostedUi),
      idleTimeoutSeconds: 3600,
    }),
    { now: () => NOW_MS },
  );
});

afterAll(async () => {
  await dynamo.close();
});

async function storedSession(sub: string): Promise<string> {
  const id = newOpaqueId();
  await dynamo.client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        pk: { S: sessionKey(id) },
        sub: { S: sub },
        username: { S: sub },
        groups: { L: [] },
        createdAt: { N: String(NOW - 600) },
        expiresAt: { N: String(NOW + 3600) },
        lastSeenAt: { N: String(NOW - 600) },
      },
    }),
  );
  return id;
}

async function lastSeenAt(id: string): Promise<number | undefined> {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: sessionKey(id) } } }),
  );
  return Item?.lastSeenAt?.N === undefined ? undefined : Number(Item.lastSeenAt.N);
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? "{}");

describe("/_identity/session with more than one session cookie", () => {
  it.each([
    [
      "two cookies in one header",
      (a: string, b: string) => [`${COOKIE_NAME}=${a}; ${COOKIE_NAME}=${b}`],
    ],
    [
      "two cookies in two headers",
      (a: string, b: string) => [`${COOKIE_NAME}=${a}`, `${COOKIE_NAME}=${b}`],
    ],
    ["the same cookie twice", (a: string) => [`${COOKIE_NAME}=${a}`, `${COOKIE_NAME}=${a}`]],
  ])("refuses %s with 400, clears nothing and refreshes no session", async (_name, cookies) => {
    const victim = await storedSession("victim");
    const tossed = await storedSession("attacker");
    const result = await handle(apiEvent("GET", "/_identity/session", cookies(victim, tossed)));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ error: "ambiguous_credentials" });
    expect(result.cookies ?? []).toEqual([]);
    expect(await lastSeenAt(victim)).toBe(NOW - 600);
    expect(await lastSeenAt(tossed)).toBe(NOW - 600);
  });

  it("still answers one session cookie among other cookies", async () => {
    const id = await storedSession("alice");
    const result = await handle(
      apiEvent("GET", "/_identity/session", ["theme=dark", `${COOKIE_NAME}=${id}; lang=en`]),
    );
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).sub).toBe("alice");
  });
});

describe("/_identity/logout with more than one session cookie", () => {
  it("ends every session presented and clears the cookie", async () => {
    const first = await storedSession("victim");
    const second = await storedSession("attacker");
    const result = await handle(
      apiEvent("POST", "/_identity/logout", [
        `${COOKIE_NAME}=${first}`,
        `${COOKIE_NAME}=${second}`,
      ]),
    );
    expect(result.statusCode).toBe(302);
    expect(await lastSeenAt(first)).toBeUndefined();
    expect(await lastSeenAt(second)).toBeUndefined();
    expect((result.cookies ?? []).some((c) => c.startsWith(`${COOKIE_NAME}=;`))).toBe(true);
  });
});

describe("the hosted UI's callback with two copies of its login cookie", () => {
  it("takes no login record and fails, clearing nothing (a tossed login cookie is login CSRF)", async () => {
    const started = await handle(apiEvent("GET", "/_identity/login?path=%2Fa.pdf"));
    const state = new URL(locationOf(started)).searchParams.get("state") ?? "";
    const [set] = (started.cookies ?? []).filter((c) => c.startsWith(`${LOGIN_COOKIE_PREFIX}-`));
    const own = cookiePair(set);
    const name = own.slice(0, own.indexOf("="));
    const loginId = own.slice(own.lastIndexOf(".") + 1);
    const tossed = `${name}=${Date.now().toString(36)}.${newOpaqueId()}`;
    const result = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${encodeURIComponent(state)}`, [own, tossed]),
    );
    expect(result.statusCode).toBe(400);
    expect(result.cookies ?? []).toEqual([]);
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: loginKey(loginId) } } }),
    );
    expect(Item).toBeDefined();
  });
});
