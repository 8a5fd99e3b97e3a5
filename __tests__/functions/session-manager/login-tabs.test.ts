// Logins started in several tabs of one browser, at the session manager over
// a real (loopback) session table: each login has its own cookie, a callback
// takes only the record its state names and never another tab's, and the
// newest five logins are kept. Callbacks that pass the state check fail at
// the code exchange only because no hosted UI listens (the whole login over
// HTTP is in __tests__/integration/multi-tab-logins.test.ts).
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { loginKey } from "../../../functions/shared/session-record";
import { startDynalite, type LocalDynamo } from "../../support/dynalite";
import { unusedOrigin } from "../../support/jwks-server";
import {
  apiEvent,
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
let config: ReturnType<typeof sessionManagerConfig>;
const NOW_MS = 1_790_000_000_000;

beforeAll(async () => {
  useTestCredentials();
  dynamo = await startDynalite();
  tableName = await dynamo.createSessionTable();
  const hostedUi = await unusedOrigin();
  config = sessionManagerConfig({
    tableName,
    tableEndpoint: dynamo.endpoint,
    ...hostedUiAt(hostedUi),
  });
  handle = sessionManager(config, { now: () => NOW_MS });
});

afterAll(async () => {
  await dynamo.close();
});

/** The login cookies (set or cleared) among Set-Cookie strings: one per login. */
const loginCookiesIn = (setCookies: readonly string[] = []) =>
  setCookies.filter((c) => c.startsWith(`${LOGIN_COOKIE_PREFIX}-`));

async function startLogin(path: string, cookies: string[] = []) {
  const result = await handle(
    apiEvent("GET", `/_identity/login?path=${encodeURIComponent(path)}`, cookies),
  );
  const [loginCookie] = loginCookiesIn(result.cookies).filter((c) => !/Max-Age=0/.test(c));
  if (loginCookie === undefined) throw new Error("no login cookie");
  const cookie = cookiePair(loginCookie);
  const state = new URL(locationOf(result)).searchParams.get("state") ?? "";
  const value = cookie.slice(cookie.indexOf("=") + 1);
  return { result, cookie, state, loginId: value.slice(value.lastIndexOf(".") + 1) };
}

async function loginItem(loginId: string) {
  const item = await dynamo.client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: loginKey(loginId) } } }),
  );
  return item.Item;
}

describe("logins in several tabs of one browser", () => {
  /** The Cookie list of a browser that kept every Set-Cookie of `results`, in order. */
  function browserCookies(...setCookies: (readonly string[] | undefined)[]): string[] {
    const jar = new Map<string, string>();
    for (const line of setCookies.flatMap((list) => list ?? [])) {
      const [pair] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      if (/Max-Age=0/.test(line)) jar.delete(name);
      else jar.set(name, pair.slice(name.length + 1));
    }
    return [...jar].map(([name, value]) => `${name}=${value}`);
  }

  it("gives each login its own cookie", async () => {
    const first = await startLogin("/a");
    const second = await startLogin("/b", browserCookies(first.result.cookies));
    const cookies = browserCookies(first.result.cookies, second.result.cookies);
    expect(cookies).toHaveLength(2);
    expect(cookies).toEqual(expect.arrayContaining([first.cookie, second.cookie]));
  });

  it("a callback takes only its own login: the other tab's record stays", async () => {
    const first = await startLogin("/a");
    const second = await startLogin("/b", browserCookies(first.result.cookies));
    const cookies = browserCookies(first.result.cookies, second.result.cookies);
    // The first tab's callback: past the state check, to a code exchange
    // that fails only because no hosted UI listens.
    const result = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${first.state}`, cookies),
    );
    expect(result.statusCode).toBe(502);
    expect(await loginItem(first.loginId)).toBeUndefined();
    expect(await loginItem(second.loginId)).toBeDefined();
    expect(loginCookiesIn(result.cookies)).toEqual([
      expect.stringMatching(new RegExp(`^${first.cookie.split("=")[0]}=;.*Max-Age=0`)),
    ]);
  });

  it("a callback whose state is no login of this browser takes no record", async () => {
    const first = await startLogin("/a");
    const second = await startLogin("/b", browserCookies(first.result.cookies));
    const cookies = browserCookies(first.result.cookies, second.result.cookies);
    const result = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${"S".repeat(43)}`, cookies),
    );
    expect(result.statusCode).toBe(400);
    expect(await loginItem(first.loginId)).toBeDefined();
    expect(await loginItem(second.loginId)).toBeDefined();
  });

  it("another login's id under this state's cookie name cannot take that login's record", async () => {
    const first = await startLogin("/a");
    const second = await startLogin("/b");
    // The first login's cookie name, holding the second login's value.
    const crossed = `${first.cookie.split("=")[0]}=${second.cookie.split("=")[1]}`;
    const result = await handle(
      apiEvent("GET", `/_identity/auth?code=abc&state=${first.state}`, [crossed]),
    );
    expect(result.statusCode).toBe(400);
    expect(await loginItem(second.loginId)).toBeDefined();
    expect(await loginItem(first.loginId)).toBeDefined();
  });

  it("keeps the newest five logins: a sixth replaces the oldest, whose callback offers a fresh login", async () => {
    let clockMs = NOW_MS;
    const tick = sessionManager(config, { now: () => (clockMs += 1000) });
    const setCookies: string[] = [];
    const logins: { state: string; cookie: string }[] = [];
    for (let tab = 0; tab < 6; tab += 1) {
      const result = await tick(
        apiEvent("GET", `/_identity/login?path=/tab${tab}`, browserCookies(setCookies)),
      );
      setCookies.push(...(result.cookies ?? []));
      const state = new URL(locationOf(result)).searchParams.get("state") ?? "";
      const [cookie] = loginCookiesIn(result.cookies).filter((c) => !/Max-Age=0/.test(c));
      logins.push({ state, cookie: cookiePair(cookie) });
      // Only the sixth login replaces one: the first.
      const cleared = loginCookiesIn(result.cookies).filter((c) => /Max-Age=0/.test(c));
      expect(cleared.map((c) => c.split("=")[0])).toEqual(
        tab === 5 ? [logins[0].cookie.split("=")[0]] : [],
      );
    }
    const cookies = browserCookies(setCookies);
    expect(cookies.sort()).toEqual(
      logins
        .slice(1)
        .map((l) => l.cookie)
        .sort(),
    );

    const oldest = await tick(
      apiEvent("GET", `/_identity/auth?code=abc&state=${logins[0].state}`, cookies),
    );
    expect(oldest.statusCode).toBe(400);
    expect(oldest.body).toContain("replaced by newer sign-ins");
    expect(oldest.body).toContain('href="/_identity/login?path=%2F"');
    // The second-oldest still has its login: past the state check, to a code
    // exchange that fails only because no hosted UI listens.
    const kept = await tick(
      apiEvent("GET", `/_identity/auth?code=abc&state=${logins[1].state}`, cookies),
    );
    expect(kept.statusCode).toBe(502);
  });
});
