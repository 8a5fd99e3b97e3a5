// Read-after-write across replicas: the session manager writes to the home
// table, an edge instance reads the replica of its region, and replication
// lags. Two dynalite servers stand for the two regions and never replicate by
// themselves (h.replicate plays replication catching up). A miss, or an idle
// verdict, at the replica is confirmed at home before the user is turned
// away; one time limit covers both look-ups.
import type { CloudFrontResultResponse } from "aws-lambda";
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import {
  HOME_REGION,
  IDENTITY_HEADER,
  IDLE_TIMEOUT_SECONDS,
  LOOKUP_TIMEOUT_MS,
  NEGATIVE_CACHE_SECONDS,
  POSITIVE_CACHE_SECONDS,
  REPLICA_REGION,
  sessionCookie,
  startSessionHarness,
  TEST_SUB,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { fakeTimeouts, nextTurn } from "../../support/timing-harness";
import {
  answered,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
} from "../../support/viewer-request";

const FETCH: [string, string][] = [["Sec-Fetch-Mode", "cors"]];

let h: SessionHarness;
let atReplica: ViewerRequestHandler;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  atReplica = h.handlerWith({}, REPLICA_REGION);
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  h.proxy.faultOf = null;
  h.proxy.release();
  jest.restoreAllMocks();
});

const withSession = (handle: ViewerRequestHandler, id: string) =>
  handle(viewerRequestEvent({ uri: "/docs/a.pdf", headers: [...FETCH, sessionCookie(id)] }));

/** GetItems per region while `action` runs. */
async function readsDuring(action: () => Promise<unknown>): Promise<Record<string, number>> {
  const reads = () => ({
    [HOME_REGION]: h.proxy.requests(HOME_REGION, "GetItem"),
    [REPLICA_REGION]: h.proxy.requests(REPLICA_REGION, "GetItem"),
  });
  const before = reads();
  await action();
  const after = reads();
  return {
    [HOME_REGION]: after[HOME_REGION] - before[HOME_REGION],
    [REPLICA_REGION]: after[REPLICA_REGION] - before[REPLICA_REGION],
  };
}

const expectLoginRequired = (response: CloudFrontResultResponse) => {
  expect(response.status).toBe("401");
  expect(jsonBody(response)).toEqual({ error: "login_required" });
};

describe("a session the replica has not received yet", () => {
  it("lets the first request after login through, confirmed at home", async () => {
    const id = await h.putSession(); // home only: replication has not caught up
    const reads = await readsDuring(async () => {
      const request = passed(await withSession(atReplica, id));
      expect(request.headers[IDENTITY_HEADER]?.[0].value).toBe(TEST_SUB);
    });
    expect(reads).toEqual({ [REPLICA_REGION]: 1, [HOME_REGION]: 1 });
  });

  it("caches the session found at home like any found session", async () => {
    const id = await h.putSession();
    passed(await withSession(atReplica, id));
    const reads = await readsDuring(async () => {
      for (let i = 0; i < 5; i++) passed(await withSession(atReplica, id));
    });
    expect(reads).toEqual({ [REPLICA_REGION]: 0, [HOME_REGION]: 0 });
  });

  it("stops passing once deleted at home, within lookupCacheSeconds", async () => {
    const id = await h.putSession();
    passed(await withSession(atReplica, id));
    await h.deleteSession(id); // logout
    h.clock.advance(POSITIVE_CACHE_SECONDS - 1);
    passed(await withSession(atReplica, id)); // still cached
    h.clock.advance(1);
    expectLoginRequired(answered(await withSession(atReplica, id)));
  });
});

describe("logout across replicas", () => {
  it("stops passing within replication lag + lookupCacheSeconds of the delete at home", async () => {
    const id = await h.putSession();
    await h.replicate(id);
    passed(await withSession(atReplica, id));
    await h.deleteSession(id); // logout at home; the replica still has the item (lag)

    h.clock.advance(POSITIVE_CACHE_SECONDS);
    // The cache entry ended, but the replica has not seen the delete: the
    // stale copy is found and trusted for another lookupCacheSeconds.
    passed(await withSession(atReplica, id));
    await h.replicate(id); // the delete reaches the replica: the lag ends here
    h.clock.advance(POSITIVE_CACHE_SECONDS - 1);
    passed(await withSession(atReplica, id));
    h.clock.advance(1);
    expectLoginRequired(answered(await withSession(atReplica, id)));
  });
});

describe("a session missing in both copies", () => {
  it("is refused once home confirms the miss, and the confirmed miss is remembered", async () => {
    const id = "R".repeat(43);
    const first = await readsDuring(async () => {
      expectLoginRequired(answered(await withSession(atReplica, id)));
    });
    expect(first).toEqual({ [REPLICA_REGION]: 1, [HOME_REGION]: 1 });

    h.clock.advance(NEGATIVE_CACHE_SECONDS - 1);
    const within = await readsDuring(async () => {
      for (let i = 0; i < 5; i++) expectLoginRequired(answered(await withSession(atReplica, id)));
    });
    expect(within).toEqual({ [REPLICA_REGION]: 0, [HOME_REGION]: 0 });
    h.clock.advance(1);
    const after = await readsDuring(async () => answered(await withSession(atReplica, id)));
    expect(after).toEqual({ [REPLICA_REGION]: 1, [HOME_REGION]: 1 });
  });

  it("is read once, with no confirm, by an instance that reads the home table itself", async () => {
    const atHome = h.handlerWith({}, HOME_REGION);
    const reads = await readsDuring(async () => {
      expectLoginRequired(answered(await withSession(atHome, "S".repeat(43))));
    });
    expect(reads).toEqual({ [REPLICA_REGION]: 0, [HOME_REGION]: 1 });
  });
});

describe("other verdicts of the replica", () => {
  it("confirms an idle verdict at home, where recorded activity lands first", async () => {
    const nowSeconds = Math.floor(h.clock.now / 1000);
    const id = await h.putSession({ lastSeenAt: nowSeconds - IDLE_TIMEOUT_SECONDS });
    await h.replicate(id);
    await h.putRawItem(id, {
      sub: { S: TEST_SUB },
      expiresAt: { N: String(nowSeconds + 3600) },
      lastSeenAt: { N: String(nowSeconds - 10) },
    });
    const reads = await readsDuring(async () => passed(await withSession(atReplica, id)));
    expect(reads).toEqual({ [REPLICA_REGION]: 1, [HOME_REGION]: 1 });
  });

  it("refuses a session idle in both copies", async () => {
    const nowSeconds = Math.floor(h.clock.now / 1000);
    const id = await h.putSession({ lastSeenAt: nowSeconds - IDLE_TIMEOUT_SECONDS });
    await h.replicate(id);
    expectLoginRequired(answered(await withSession(atReplica, id)));
  });

  it("does not ask home about an expired session: expiry is written once, at login", async () => {
    const id = await h.putSession({ expiresAt: Math.floor(h.clock.now / 1000) - 1 });
    await h.replicate(id);
    const reads = await readsDuring(async () => {
      expectLoginRequired(answered(await withSession(atReplica, id)));
    });
    expect(reads).toEqual({ [REPLICA_REGION]: 1, [HOME_REGION]: 0 });
  });

  it("answers 503 when the replica cannot answer, without falling back to home", async () => {
    const id = await h.putSession();
    h.proxy.faultOf = (region) => (region === REPLICA_REGION ? "throttle" : "none");
    const reads = await readsDuring(async () => {
      expect(answered(await withSession(atReplica, id)).status).toBe("503");
    });
    expect(reads).toEqual({ [REPLICA_REGION]: 1, [HOME_REGION]: 0 });
  });
});

describe("a home table that does not answer the confirm", () => {
  it("gives 503 once the one time limit over both look-ups has passed, never a pass", async () => {
    const id = await h.putSession();
    const handleAsDeployed = h.handlerWith({}, REPLICA_REGION, "config");
    const homeReadsBefore = h.proxy.requests(HOME_REGION, "GetItem");
    // The replica's answer is held while the fake clock moves: the home
    // look-up gets only what is left of the request's one time limit.
    h.proxy.faultOf = (region) => (region === REPLICA_REGION ? "held" : "hang");
    fakeTimeouts();
    try {
      const atReplicaArrived = h.proxy.nextRequest(REPLICA_REGION);
      const atHomeArrived = h.proxy.nextRequest(HOME_REGION);
      let settled = false;
      const answer = withSession(handleAsDeployed, id).finally(() => {
        settled = true;
      });
      await atReplicaArrived;
      jest.advanceTimersByTime(LOOKUP_TIMEOUT_MS - 100);
      h.proxy.release();
      // Either home is asked, or the answer came without asking it (a failure).
      await Promise.race([atHomeArrived, answer]);
      expect(h.proxy.requests(HOME_REGION, "GetItem")).toBe(homeReadsBefore + 1);
      jest.advanceTimersByTime(99);
      for (let turn = 0; turn < 10; turn += 1) await nextTurn();
      expect(settled).toBe(false);
      jest.advanceTimersByTime(1);
      const response = answered(await answer);
      expect(response.status).toBe("503");
      expect(header(response, "set-cookie")).toBeUndefined();

      // Nothing of the outage was cached: once home answers, the session passes.
      h.proxy.faultOf = null;
      passed(await withSession(handleAsDeployed, id));
    } finally {
      jest.useRealTimers();
    }
  });
});
