// The idle timeout counts content requests: the checker records a session's
// activity (lastSeenAt, in the home table) at most once per
// activityIntervalSeconds per session and instance, with a conditional
// UpdateItem bounded by the request's one time limit. A failed record never
// denies a valid request and never lets an invalid one pass. Time is the
// harness's injected clock; time-outs are proved on a fake clock against a
// table that never answers.
import type { CloudFrontResultResponse } from "aws-lambda";
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import {
  ACTIVITY_INTERVAL_SECONDS,
  HOME_REGION,
  IDENTITY_HEADER,
  IDLE_TIMEOUT_SECONDS,
  LOOKUP_TIMEOUT_MS,
  REPLICA_REGION,
  sessionCookie,
  startSessionHarness,
  TEST_SUB,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { fakeTimeouts, nextTurn } from "../../support/timing-harness";
import { answered, jsonBody, passed, viewerRequestEvent } from "../../support/viewer-request";

const FETCH: [string, string][] = [["Sec-Fetch-Mode", "cors"]];

let h: SessionHarness;
let handle: ViewerRequestHandler;
let errors: jest.SpyInstance;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  handle = h.handlerWith();
  errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  h.proxy.faultOf = null;
  jest.restoreAllMocks();
});

const withSession = (id: string, using = handle) =>
  using(viewerRequestEvent({ uri: "/docs/a.pdf", headers: [...FETCH, sessionCookie(id)] }));
const nowSeconds = () => Math.floor(h.clock.now / 1000);
const updates = (region?: string) => h.proxy.requests(region, "UpdateItem");
/** The stored lastSeenAt of session `id` in `region`. */
async function storedLastSeen(id: string, region = HOME_REGION): Promise<number | undefined> {
  const item = await h.storedItem(id, region);
  const value = item?.lastSeenAt as { N?: string } | undefined;
  return value?.N === undefined ? undefined : Number(value.N);
}
const logged = () => errors.mock.calls.map(([line]) => JSON.parse(line as string));

function expectLoginRequired(response: CloudFrontResultResponse): void {
  expect(response.status).toBe("401");
  expect(jsonBody(response)).toEqual({ error: "login_required" });
}

describe("a reader", () => {
  it("stays signed in while reading content past the idle timeout", async () => {
    const id = await h.putSession({ expiresAt: nowSeconds() + 8 * 3600 });
    // A request a minute for twice the idle timeout, and no /_identity/session call.
    for (let minute = 1; minute <= (2 * IDLE_TIMEOUT_SECONDS) / 60; minute++) {
      h.clock.advance(60);
      const request = passed(await withSession(id));
      expect(request.headers[IDENTITY_HEADER]?.[0].value).toBe(TEST_SUB);
    }
    expect(await storedLastSeen(id)).toBe(nowSeconds());
  });

  it("is recorded at most once per activityIntervalSeconds, however many requests", async () => {
    const id = await h.putSession();
    const before = updates();
    const minutes = (4 * ACTIVITY_INTERVAL_SECONDS) / 60;
    for (let minute = 1; minute <= minutes; minute++) {
      h.clock.advance(60);
      for (let i = 0; i < 5; i++) passed(await withSession(id));
    }
    expect(updates() - before).toBe(4);
  });

  it("is not recorded before activityIntervalSeconds have passed since the last record", async () => {
    const id = await h.putSession();
    const before = updates();
    h.clock.advance(ACTIVITY_INTERVAL_SECONDS - 1);
    passed(await withSession(id));
    expect(updates() - before).toBe(0);
    h.clock.advance(1);
    passed(await withSession(id));
    expect(updates() - before).toBe(1);
  });

  it("is refused once idle past the timeout after the last request", async () => {
    const id = await h.putSession();
    for (let minute = 1; minute <= 10; minute++) {
      h.clock.advance(60);
      passed(await withSession(id));
    }
    const lastSeen = nowSeconds(); // a record was due at this very request
    expect(await storedLastSeen(id)).toBe(lastSeen);
    h.clock.advance(IDLE_TIMEOUT_SECONDS);
    expectLoginRequired(answered(await withSession(id)));
  });
});

describe("the record", () => {
  it("sets only lastSeenAt, in the home table, even from a replica region", async () => {
    const created = nowSeconds();
    const id = await h.putSession();
    await h.replicate(id);
    const stored = await h.storedItem(id);
    const atReplica = h.handlerWith({}, REPLICA_REGION);
    const before = { home: updates(HOME_REGION), replica: updates(REPLICA_REGION) };
    h.clock.advance(ACTIVITY_INTERVAL_SECONDS);
    passed(await withSession(id, atReplica));
    expect(updates(HOME_REGION) - before.home).toBe(1);
    expect(updates(REPLICA_REGION) - before.replica).toBe(0);
    expect(await h.storedItem(id)).toEqual({ ...stored, lastSeenAt: { N: String(nowSeconds()) } });
    expect(await storedLastSeen(id, REPLICA_REGION)).toBe(created);
  });

  it("never recreates a session deleted at home that a lagging replica still holds", async () => {
    const id = await h.putSession();
    await h.replicate(id);
    await h.deleteSession(id); // logout; the replica has not seen it yet
    const atReplica = h.handlerWith({}, REPLICA_REGION);
    h.clock.advance(ACTIVITY_INTERVAL_SECONDS);
    passed(await withSession(id, atReplica)); // the stale copy: within the documented bound
    expect(await h.storedItem(id)).toBeUndefined();
  });

  it.each([
    ["an expired session", () => ({ expiresAt: nowSeconds() - 1 })],
    ["an idle session", () => ({ lastSeenAt: nowSeconds() - IDLE_TIMEOUT_SECONDS })],
  ])("is never made for %s", async (_, attributes) => {
    const id = await h.putSession(attributes());
    const stored = await storedLastSeen(id);
    const before = updates();
    expectLoginRequired(answered(await withSession(id)));
    expect(updates() - before).toBe(0);
    expect(await storedLastSeen(id)).toBe(stored);
  });

  it("is never made without an idle timeout", async () => {
    const id = await h.putSession({ lastSeenAt: nowSeconds() - 10 * 24 * 3600 });
    const noIdle = h.handlerWith({ idleTimeoutSeconds: null, activityIntervalSeconds: null });
    const before = updates();
    passed(await withSession(id, noIdle));
    expect(updates() - before).toBe(0);
  });
});

describe("a record that fails", () => {
  it("does not deny the valid request, is logged, and is not retried within the interval", async () => {
    const id = await h.putSession();
    h.proxy.faultOf = (_, operation) => (operation === "UpdateItem" ? "server-error" : "none");
    const before = updates();
    h.clock.advance(ACTIVITY_INTERVAL_SECONDS);
    passed(await withSession(id));
    expect(logged()).toContainEqual(expect.objectContaining({ message: "activity not recorded" }));
    for (let i = 0; i < 5; i++) passed(await withSession(id));
    expect(updates() - before).toBe(1);
  });

  it("is not retried within the interval even when nothing is cached (lookupCacheSeconds 0)", async () => {
    const id = await h.putSession();
    const uncached = h.handlerWith({ positiveCacheSeconds: 0 });
    h.proxy.faultOf = (_, operation) => (operation === "UpdateItem" ? "server-error" : "none");
    const before = updates();
    h.clock.advance(ACTIVITY_INTERVAL_SECONDS);
    for (let i = 0; i < 5; i++) passed(await withSession(id, uncached));
    expect(updates() - before).toBe(1);
  });

  it("on a table that never answers, passes the valid request once the time limit is spent, not before", async () => {
    const id = await h.putSession();
    const handleAsDeployed = h.handlerWith({}, HOME_REGION, "config");
    h.proxy.faultOf = (_, operation) => (operation === "UpdateItem" ? "hang" : "none");
    h.clock.advance(ACTIVITY_INTERVAL_SECONDS);
    fakeTimeouts();
    try {
      const updateArrived = h.proxy.nextRequest(HOME_REGION, "UpdateItem");
      let settled = false;
      const answer = withSession(id, handleAsDeployed).finally(() => {
        settled = true;
      });
      await Promise.race([updateArrived, answer]);
      expect(settled).toBe(false);
      jest.advanceTimersByTime(LOOKUP_TIMEOUT_MS - 1);
      for (let turn = 0; turn < 10; turn += 1) await nextTurn();
      expect(settled).toBe(false);
      jest.advanceTimersByTime(1);
      const request = passed(await answer);
      expect(request.headers[IDENTITY_HEADER]?.[0].value).toBe(TEST_SUB);
      expect(logged()).toContainEqual(
        expect.objectContaining({ message: "activity not recorded", reason: "timeout" }),
      );

      // Within the interval the next request neither writes nor waits: the
      // fake clock stands still, so a write would never end.
      const before = updates();
      const wrote = h.proxy.nextRequest(HOME_REGION, "UpdateItem").then(() => "wrote" as const);
      const next = await Promise.race([withSession(id, handleAsDeployed), wrote]);
      expect(next).not.toBe("wrote");
      passed(next as Awaited<ReturnType<ViewerRequestHandler>>);
      expect(updates() - before).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it("on a table that never answers, never passes an invalid session", async () => {
    const id = await h.putSession({ lastSeenAt: nowSeconds() - IDLE_TIMEOUT_SECONDS });
    h.proxy.faultOf = (_, operation) => (operation === "UpdateItem" ? "hang" : "none");
    const before = updates();
    expectLoginRequired(answered(await withSession(id)));
    expect(updates() - before).toBe(0);
  });
});
