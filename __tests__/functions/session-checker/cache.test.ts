// The look-up cache: how many GetItems reach the table (counted at the
// loopback proxy in front of dynalite) and how long a revoked session keeps
// passing. Time is the harness's injected clock; nothing sleeps.
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import {
  IDLE_TIMEOUT_SECONDS,
  NEGATIVE_CACHE_SECONDS,
  POSITIVE_CACHE_SECONDS,
  sessionCookie,
  startSessionHarness,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { answered, passed, viewerRequestEvent } from "../../support/viewer-request";

let h: SessionHarness;
let handle: ViewerRequestHandler;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  handle = h.handlerWith();
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const withSession = (id: string, uri = "/docs/a.pdf") =>
  handle(viewerRequestEvent({ uri, headers: [sessionCookie(id)] }));

/** GetItems the table receives while `action` runs. */
async function lookupsDuring(action: () => Promise<unknown>): Promise<number> {
  const before = h.proxy.requests();
  await action();
  return h.proxy.requests() - before;
}

describe("found sessions", () => {
  it("looks a session up once for the many requests of one page", async () => {
    const id = await h.putSession();
    const lookups = await lookupsDuring(async () => {
      for (let i = 0; i < 20; i++) passed(await withSession(id, `/docs/img-${i}.png`));
    });
    expect(lookups).toBe(1);
  });

  it("keeps passing a session deleted from the table until its cache entry ends, then fails", async () => {
    const id = await h.putSession();
    passed(await withSession(id));
    await h.deleteSession(id);

    h.clock.advance(POSITIVE_CACHE_SECONDS - 1);
    passed(await withSession(id)); // the documented revocation delay
    h.clock.advance(1);
    expect(answered(await withSession(id)).status).toBe("401");
  });

  it("denies a cached session once it expires, before its cache entry ends", async () => {
    const nowSeconds = h.clock.now / 1000;
    const id = await h.putSession({ expiresAt: nowSeconds + 10 });
    passed(await withSession(id));
    h.clock.advance(10);
    expect(answered(await withSession(id)).status).toBe("401");
  });

  // A request is itself a sign of life once an activity interval has passed
  // (activity.test.ts), so these sessions are seen last less than an
  // interval before the request that caches them: the request records nothing.
  it("denies a cached session once it goes idle, when the table agrees", async () => {
    handle = h.handlerWith({ positiveCacheSeconds: IDLE_TIMEOUT_SECONDS + 60 });
    const id = await h.putSession({ lastSeenAt: h.clock.now / 1000 - 10 });
    passed(await withSession(id));
    h.clock.advance(IDLE_TIMEOUT_SECONDS - 10);
    expect(answered(await withSession(id)).status).toBe("401");
  });

  it("asks the table before denying a cached session whose cached lastSeenAt went stale", async () => {
    handle = h.handlerWith({ idleTimeoutSeconds: 20, activityIntervalSeconds: 15 });
    const nowSeconds = h.clock.now / 1000;
    const id = await h.putSession({ lastSeenAt: nowSeconds - 10 });
    passed(await withSession(id));
    // The session manager saw the user meanwhile: the table's lastSeenAt moved on.
    h.clock.advance(10);
    await h.deleteSession(id);
    await h.putRawItem(id, {
      sub: { S: "refreshed-sub" },
      expiresAt: { N: String(nowSeconds + 3600) },
      lastSeenAt: { N: String(nowSeconds + 5) },
    });
    const request = passed(await withSession(id));
    expect(request.headers["x-auth-sub"]?.[0].value).toBe("refreshed-sub");
  });

  it("asks the table on every request when positiveCacheSeconds is 0", async () => {
    handle = h.handlerWith({ positiveCacheSeconds: 0 });
    const id = await h.putSession();
    const lookups = await lookupsDuring(async () => {
      for (let i = 0; i < 3; i++) passed(await withSession(id));
    });
    expect(lookups).toBe(3);
    await h.deleteSession(id);
    expect(answered(await withSession(id)).status).toBe("401");
  });
});

describe("unknown sessions", () => {
  it("does not look an unknown id up again within negativeCacheSeconds", async () => {
    const id = "U".repeat(43);
    const first = await lookupsDuring(async () => answered(await withSession(id)));
    expect(first).toBe(1);
    h.clock.advance(NEGATIVE_CACHE_SECONDS - 1);
    const within = await lookupsDuring(async () => {
      for (let i = 0; i < 5; i++) expect(answered(await withSession(id)).status).toBe("401");
    });
    expect(within).toBe(0);
    h.clock.advance(1);
    const after = await lookupsDuring(async () => answered(await withSession(id)));
    expect(after).toBe(1);
  });

  it("lets a session created after its id was remembered as unknown pass once the entry ends", async () => {
    const id = "N".repeat(43);
    answered(await withSession(id));
    await h.putRawItem(id, {
      sub: { S: "late" },
      expiresAt: { N: String(h.clock.now / 1000 + 3600) },
      lastSeenAt: { N: String(h.clock.now / 1000) },
    });
    answered(await withSession(id));
    h.clock.advance(NEGATIVE_CACHE_SECONDS);
    passed(await withSession(id));
  });

  it("keeps a signed-in session cached through a flood of unknown ids", async () => {
    // More unknown ids than the harness's cacheMaxEntries (100): remembered
    // apart, they never push a known session out.
    const id = await h.putSession();
    passed(await withSession(id));
    for (let i = 0; i < 150; i++) answered(await withSession(`${i}`.padStart(43, "Z")));
    const lookups = await lookupsDuring(async () => passed(await withSession(id)));
    expect(lookups).toBe(0);
  });

  it("remembers a session found dead in the table like an unknown id", async () => {
    const id = await h.putSession({ expiresAt: h.clock.now / 1000 - 1 });
    const lookups = await lookupsDuring(async () => {
      for (let i = 0; i < 5; i++) answered(await withSession(id));
    });
    expect(lookups).toBe(1);
  });

  it.each([
    ["a malformed cookie", "not-an-id"],
    ["an id one character short", "A".repeat(42)],
    ["an id with a character outside base64url", "A".repeat(42) + "="],
    ["an empty cookie", ""],
  ])("never looks up %s", async (_, value) => {
    const lookups = await lookupsDuring(async () => {
      expect(answered(await withSession(value)).status).toBe("401");
    });
    expect(lookups).toBe(0);
  });

  it("never looks up a request without a session cookie", async () => {
    const lookups = await lookupsDuring(async () => {
      answered(await handle(viewerRequestEvent({ uri: "/docs/a.pdf" })));
    });
    expect(lookups).toBe(0);
  });
});

describe("bounds", () => {
  it("holds at most cacheMaxEntries look-ups, dropping the least recently used", async () => {
    handle = h.handlerWith({ cacheMaxEntries: 2 });
    const [a, b, c] = [await h.putSession(), await h.putSession(), await h.putSession()];
    passed(await withSession(a));
    passed(await withSession(b));
    passed(await withSession(a)); // a is now the most recently used
    passed(await withSession(c)); // evicts b
    expect(await lookupsDuring(async () => passed(await withSession(a)))).toBe(0);
    expect(await lookupsDuring(async () => passed(await withSession(b)))).toBe(1);
  });

  it("keeps a cache per handler instance: a new instance asks the table", async () => {
    const id = await h.putSession();
    passed(await withSession(id));
    handle = h.handlerWith();
    expect(await lookupsDuring(async () => passed(await withSession(id)))).toBe(1);
  });
});
