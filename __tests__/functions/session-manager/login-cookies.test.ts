// The login cookies both hosted-UI logins share (functions/shared/hosted-ui/
// login-cookies.ts): one per login, named after its state, read back from a
// request's Cookie headers, and bounded in number and bytes with the newest
// kept.
import {
  heldLoginCookies,
  loginCookieId,
  loginCookieName,
  loginCookiesToDrop,
  loginCookieValue,
  MAX_LOGIN_COOKIE_BYTES,
  MAX_LOGINS_IN_PROGRESS,
  parseLoginCookieValue,
  type HeldLoginCookie,
} from "../../../functions/shared/hosted-ui/login-cookies";

const PREFIX = "__Host-edge-gate-login";
const NOW_MS = 1_790_000_000_000;
const TTL_SECONDS = 600;

describe("names", () => {
  it("names a login's cookie after its state, 96 bits of a hash, the same every time", () => {
    const state = "s".repeat(43);
    const name = loginCookieName(PREFIX, state);
    expect(name).toMatch(/^__Host-edge-gate-login-[A-Za-z0-9_-]{16}$/);
    expect(loginCookieName(PREFIX, state)).toBe(name);
    expect(name).toBe(`${PREFIX}-${loginCookieId(state)}`);
    expect(name).not.toContain(state.slice(0, 8));
  });

  it("gives different states different names", () => {
    const names = new Set(
      Array.from({ length: 1000 }, (_, i) => loginCookieName(PREFIX, `state-${i}`)),
    );
    expect(names.size).toBe(1000);
  });

  it("names nothing for an empty or oversized state", () => {
    expect(loginCookieName(PREFIX, "")).toBeNull();
    expect(loginCookieName(PREFIX, "x".repeat(513))).toBeNull();
    expect(loginCookieName(PREFIX, "x".repeat(512))).not.toBeNull();
  });
});

describe("values", () => {
  it("carries when it was issued before the store's value, and reads both back", () => {
    const value = loginCookieValue(NOW_MS, "abc_DEF-123.x~y");
    expect(value).toMatch(/^[0-9a-z]+\.abc_DEF-123\.x~y$/);
    expect(parseLoginCookieValue(value)).toEqual({
      issuedAt: NOW_MS,
      storeValue: "abc_DEF-123.x~y",
    });
  });

  it.each(["", ".", "abc", ".abc", "ZZ.abc", "1.", "1.a b", "1.a;b", `1.${"a".repeat(3073)}`])(
    "reads %j as no login cookie value",
    (value) => {
      expect(parseLoginCookieValue(value)).toBeNull();
    },
  );
});

describe("the login cookies a request carries", () => {
  const id = (n: number) => loginCookieId(`state-${n}`);

  it("finds `<prefix>-<id>` cookies only, first occurrence of each", () => {
    const headers = [
      `__Host-edge-gate-session=abc; ${PREFIX}-${id(1)}=${loginCookieValue(NOW_MS, "one")}`,
      `${PREFIX}-${id(2)}=garbage; ${PREFIX}=old-style; ${PREFIX}-short=x; other=1`,
      `${PREFIX}-${id(1)}=${loginCookieValue(NOW_MS + 5, "again")}`,
    ];
    const held = heldLoginCookies(headers, PREFIX);
    expect(held.map((c) => c.name)).toEqual([`${PREFIX}-${id(1)}`, `${PREFIX}-${id(2)}`]);
    expect(held[0].issuedAt).toBe(NOW_MS);
    expect(held[1].issuedAt).toBeNull();
    expect(held[0].bytes).toBe(`${PREFIX}-${id(1)}=${loginCookieValue(NOW_MS, "one")}; `.length);
  });

  it("looks at 32 at most", () => {
    const header = Array.from(
      { length: 100 },
      (_, n) => `${PREFIX}-${id(n)}=${loginCookieValue(NOW_MS, "v")}`,
    ).join("; ");
    expect(heldLoginCookies([header], PREFIX)).toHaveLength(32);
  });
});

describe("which login cookies a new login replaces", () => {
  const cookie = (n: number, issuedAt: number | null, bytes = 100): HeldLoginCookie => ({
    name: `c${n}`,
    issuedAt,
    bytes,
  });

  it(`keeps ${MAX_LOGINS_IN_PROGRESS} logins in progress with the new one: the oldest go`, () => {
    const held = [1, 2, 3, 4, 5, 6].map((n) => cookie(n, NOW_MS - 60_000 + n));
    expect(loginCookiesToDrop(held, 100, NOW_MS, TTL_SECONDS)).toEqual(["c1", "c2"]);
    expect(loginCookiesToDrop(held.slice(2), 100, NOW_MS, TTL_SECONDS)).toEqual([]);
  });

  it("keeps every login while fewer are in progress", () => {
    const held = [cookie(1, NOW_MS - 2), cookie(2, NOW_MS - 1)];
    expect(loginCookiesToDrop(held, 100, NOW_MS, TTL_SECONDS)).toEqual([]);
    expect(loginCookiesToDrop([], 100, NOW_MS, TTL_SECONDS)).toEqual([]);
  });

  it(`keeps the login cookies within ${MAX_LOGIN_COOKIE_BYTES} bytes together, newest first`, () => {
    // Newest first: c3 (2000) fits beside the new one (1500), c2 (1000) does
    // not; c1 is older than a cookie that did not fit, so it goes as well.
    const held = [
      cookie(1, NOW_MS - 3, 100),
      cookie(2, NOW_MS - 2, 1000),
      cookie(3, NOW_MS - 1, 2000),
    ];
    expect(loginCookiesToDrop(held, 1500, NOW_MS, TTL_SECONDS).sort()).toEqual(["c1", "c2"]);
  });

  it("drops unreadable and expired login cookies", () => {
    const held = [
      cookie(1, null),
      cookie(2, NOW_MS - TTL_SECONDS * 1000),
      cookie(3, NOW_MS - TTL_SECONDS * 1000 + 1),
    ];
    expect(loginCookiesToDrop(held, 100, NOW_MS, TTL_SECONDS)).toEqual(["c1", "c2"]);
  });
});
