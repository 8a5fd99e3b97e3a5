// Property: whatever a viewer-request event looks like, the session checker
// answers (never throws), returns a well-formed result, and lets a protected
// path through only when the request's session cookie is exactly the id of
// a valid session the table holds, and the path rules (the shared decide())
// allow that session's user the path: never another user's folder. Sessions
// of random users in random groups; look-ups go to a real (dynalite) table,
// with the harness's generous time limit: on a busy machine the run is
// slower, never different (a look-up time-out would be a 503).
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CloudFrontRequest, CloudFrontResultResponse } from "aws-lambda";
import type { ViewerRequestHandler } from "../../functions/session-checker/handler";
import { readCookie } from "../support/read-cookie";
import { isSafeSegment, normalizePath } from "../../functions/shared/path";
import { decide, MAX_SUB_LENGTH, type PathRules } from "../../functions/shared/path-rules";
import {
  APP_ORIGIN,
  COOKIE_NAME,
  IDENTITY_HEADER,
  LOGIN_PATH,
  startSessionHarness,
  TEST_SUB,
  type SessionHarness,
} from "../support/session-checker-harness";
import { LONG_TEST_TIMEOUT_MS } from "../support/timing-harness";
import { isResponse, passed, viewerRequestEvent } from "../support/viewer-request";
import {
  inMisnestedEvent,
  inViewerEvent,
  viewerRequests,
} from "../support/viewer-request-arbitraries";

const RULES: PathRules = {
  publicPrefixes: ["/public/"],
  groupPrefixes: [
    { group: "staff", prefix: "/staff/" },
    { group: "admins", prefix: "/admin/" },
    { group: "finance", prefix: "/reports/finance.pdf" },
  ],
  userPrefixes: ["/users/{sub}/", "/inbox/{sub}/drafts/"],
};
const GROUPS = ["staff", "admins", "finance", "Staff", "staff "];

interface Session {
  id: string;
  sub: string;
  groups: string[];
}

/**
 * The users who hold sessions: fixed awkward subs (no plain segment, a case
 * twin) and random ones, in random groups. Sampled with a fixed seed, so a
 * failure replays with the same table.
 */
const POPULATION = fc.sample(
  fc.tuple(fc.oneof(fc.uuid(), fc.stringMatching(/^[a-z0-9-]{1,12}$/)), fc.subarray(GROUPS)),
  { numRuns: 6, seed: 20251206 },
);
const AWKWARD_SUBS: [string, string[]][] = [
  [TEST_SUB, []],
  [TEST_SUB.toUpperCase(), ["staff"]],
  ["a/b", ["admins"]],
  ["..", []],
];

let h: SessionHarness;
let handle: ViewerRequestHandler;
const sessions: Session[] = [];
let validId: string;
let expiredId: string;
let protectedPasses = 0;
let forbidden = 0;

beforeAll(async () => {
  h = await startSessionHarness();
  handle = h.handlerWith({ rules: RULES, cacheMaxEntries: 50 });
  for (const [sub, groups] of [...AWKWARD_SUBS, ...POPULATION]) {
    sessions.push({ id: await h.putSession({ sub, groups }), sub, groups });
  }
  validId = sessions[0].id;
  expiredId = await h.putSession({ expiresAt: h.clock.now / 1000 - 1 });
});
afterAll(() => h.close());
beforeEach(() => {
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const sessionIndex = () => fc.nat({ max: AWKWARD_SUBS.length + POPULATION.length - 1 });

/** Session-cookie values: valid ids, near misses of one, and noise. */
const sessionValues = fc.oneof(
  { weight: 4, arbitrary: sessionIndex().map((i) => sessions[i].id) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.nat({ max: 42 }), fc.nat({ max: 62 })).map(([i, shift]) => {
      const replacement = B64URL[(B64URL.indexOf(validId[i]) + 1 + shift) % B64URL.length];
      return validId.slice(0, i) + replacement + validId.slice(i + 1);
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom("A", "=", " ", '"', "%41", ";")
      .chain((c) =>
        fc.constantFrom(
          validId + c,
          c + validId,
          `"${validId}"`,
          validId.slice(1),
          validId.toLowerCase(),
        ),
      ),
  },
  { weight: 1, arbitrary: fc.constant(0).map(() => expiredId) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
);

const cookieNames = fc.constantFrom(
  COOKIE_NAME,
  COOKIE_NAME.toLowerCase(),
  ` ${COOKIE_NAME} `,
  `${COOKIE_NAME}x`,
  "other",
);

const cookiePairs = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(cookieNames, sessionValues).map(([n, v]) => `${n}=${v}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const cookieValues = fc
  .tuple(fc.array(cookiePairs, { minLength: 1, maxLength: 4 }), fc.constantFrom("; ", ";", " ; "))
  .map(([pairs, separator]) => pairs.join(separator));

const knownHeaderNames = fc.constantFrom(
  "cookie",
  "Cookie",
  "COOKIE",
  "x-auth-sub",
  "X-Auth-Sub",
  "origin",
  "access-control-request-method",
  "sec-fetch-mode",
  "accept",
);

const headerNames = fc.oneof(
  { weight: 6, arbitrary: knownHeaderNames },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const headerValues = fc.oneof(
  { weight: 4, arbitrary: cookieValues },
  {
    weight: 2,
    arbitrary: fc.constantFrom("navigate", "cors", "text/html", "GET", APP_ORIGIN, TEST_SUB),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
);

/** A sub of one of the sessions, as sent: raw, percent-encoded, or in other letter case. */
const someSub = fc
  .tuple(sessionIndex(), fc.constantFrom("raw", "encoded", "upper"))
  .map(([i, spelling]) => {
    const { sub } = sessions[i];
    if (spelling === "encoded") return encodeURIComponent(sub);
    return spelling === "upper" ? sub.toUpperCase() : sub;
  });

const segment = fc.oneof(
  fc.constantFrom("public", "docs", "a.pdf", "..", ".", "", "%2e%2e", "%2F", "%5C", "%252e"),
  fc.constantFrom("users", "inbox", "drafts", "staff", "admin", "reports", "finance.pdf"),
  someSub,
  fc.constantFrom("%ff", "%00", "a%20b", "index.html", "\\", "%c0%ae", "r%C3%A9sum%C3%A9"),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 4 }),
);

const querystrings = fc.oneof(
  fc.constant(""),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 10 }),
  fc.anything({ maxDepth: 1 }),
);

const methods = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("GET", "HEAD", "OPTIONS", "POST", "get") },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);

const request = viewerRequests({
  headerNames,
  headerValues,
  segment,
  querystrings,
  methods,
  entryWeight: 8,
  headerMapWeight: 12,
  segmentedUriWeight: 8,
  maxSegments: 5,
});

/**
 * Requests shaped like CloudFront's, carrying session cookies among noise:
 * most authenticated passes (what the property is about) come from here.
 */
const plausibleRequest = fc
  .tuple(
    fc.array(segment, { maxLength: 4 }),
    fc.constantFrom("GET", "HEAD", "POST", "OPTIONS"),
    fc.array(fc.tuple(fc.constantFrom("Cookie", "cookie", "COOKIE"), cookieValues), {
      minLength: 1,
      maxLength: 3,
    }),
    // Known names only: the event builder keys a plain object by them.
    fc.array(fc.tuple(knownHeaderNames, headerValues), { maxLength: 3 }),
  )
  .map(([segments, method, cookies, others]) => {
    const event = viewerRequestEvent({
      uri: "/" + segments.join("/"),
      method,
      headers: [...cookies, ...others],
    });
    return event as unknown;
  });

/**
 * Where the rules draw lines for session `i`: its own folders (as spelled in
 * the rules), any user's folder in any spelling, group folders and their
 * neighbours.
 */
const ruleFolder = (i: number) =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...RULES.userPrefixes) },
      { weight: 2, arbitrary: someSub.map((sub) => `/users/${sub}/`) },
      { weight: 1, arbitrary: someSub.map((sub) => `/inbox/${sub}/drafts/`) },
      { weight: 1, arbitrary: someSub.map((sub) => `/inbox/${sub}/`) },
      {
        weight: 3,
        arbitrary: fc.constantFrom("/staff/", "/admin/", "/reports/finance.pdf", "/reports/", "/"),
      },
    )
    .map((folder) => folder.split("{sub}").join(sessions[i].sub));

/**
 * One session's cookie on a path near a rule's line: most decisions that
 * hinge on the rules (own folder or not, member or not) come from here.
 */
const ruledRequest = sessionIndex()
  .chain((i) =>
    fc.tuple(
      fc.constant(i),
      ruleFolder(i),
      fc.array(segment, { maxLength: 2 }),
      fc.constantFrom("GET", "HEAD", "POST"),
      fc.array(fc.tuple(knownHeaderNames, headerValues), { maxLength: 2 }),
    ),
  )
  .map(([i, folder, tail, method, others]) => {
    const event = viewerRequestEvent({
      uri: folder + tail.join("/"),
      method,
      headers: [["Cookie", `${COOKIE_NAME}=${sessions[i].id}`], ...others],
    });
    return event as unknown;
  });

const events = fc.oneof(
  { weight: 8, arbitrary: request.map(inViewerEvent) },
  { weight: 6, arbitrary: plausibleRequest },
  { weight: 12, arbitrary: ruledRequest },
  { weight: 1, arbitrary: request.map(inMisnestedEvent) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

/** Every cookie header value of a (well-formed) header map, in map order. */
function cookieHeaderValues(map: unknown): string[] {
  const values: string[] = [];
  for (const [name, entries] of Object.entries(
    map as Record<string, { key?: string; value: string }[]>,
  )) {
    for (const entry of entries) {
      if (name.toLowerCase() === "cookie" || entry.key?.toLowerCase() === "cookie")
        values.push(entry.value);
    }
  }
  return values;
}

/** The session whose id the viewer's cookie headers carry (the one the checker reads), if any. */
function sessionSent(original: unknown): Session | undefined {
  const id = readCookie(cookieHeaderValues(originalHeaders(original)), COOKIE_NAME);
  return sessions.find((s) => s.id === id);
}

/** The canonical path of a request uri, or null when it has none. */
function canonicalPath(uri: unknown): string | null {
  if (typeof uri !== "string") return null;
  const normalized = normalizePath(uri);
  return normalized.ok ? normalized.path : null;
}

/** Whether `path` lies in a user folder of a session's user other than `own`. */
function inAnotherUsersFolder(path: string, own: Session): boolean {
  return sessions.some(
    (other) =>
      other.sub !== own.sub &&
      isSafeSegment(other.sub, MAX_SUB_LENGTH) &&
      (path.startsWith(`/users/${other.sub}/`) || path.startsWith(`/inbox/${other.sub}/drafts/`)),
  );
}

// The checks inside the property use node:assert, not expect: each expect()
// builds an error and every matcher anew, which made them most of this
// suite's CPU over 10 000 events; a failed assert fails the property alike.
function assertWellFormedResponse(response: CloudFrontResultResponse, original: unknown): void {
  // The table is up and no event is allowed to break the check: never 503.
  assert.ok(["307", "400", "401", "403"].includes(response.status), `status ${response.status}`);
  // Tiny JSON, or the 403's short page for a browser.
  const body = response.body ?? "";
  assert.ok(body.length < (response.status === "403" ? 1000 : 200), `body of ${body.length}`);
  for (const [name, entries] of Object.entries(response.headers ?? {})) {
    assert.equal(name, name.toLowerCase());
    assert.equal(entries.length, 1, `${name}: ${entries.length} entries`);
    assert.equal(entries[0].key?.toLowerCase(), name);
    assert.match(entries[0].value, /^[\x20-\x7e]+$/);
  }
  if (response.status === "307") {
    assert.ok(response.headers?.location?.[0].value.startsWith(`${LOGIN_PATH}?path=%2F`));
  }
  if (response.status === "403") {
    // Only a valid session the rules do not let at this path; it stays signed in.
    forbidden += 1;
    const session = sessionSent(original);
    assert.ok(session, "a 403 without a valid session");
    const uri = (original as { Records: { cf: { request: { uri: unknown } } }[] }).Records[0].cf
      .request.uri;
    const path = canonicalPath(uri);
    assert.notEqual(path, null, "a 403 for a uri with no canonical path");
    assert.equal(decide(path!, session, RULES), "deny");
    assert.equal(response.headers?.["set-cookie"], undefined);
    assert.equal(response.headers?.location, undefined);
  } else if (response.status !== "400") {
    assert.match(
      response.headers?.["set-cookie"]?.[0].value ?? "(no set-cookie)",
      /^__Host-edge-gate-session=;.*HttpOnly; Secure/,
    );
  }
}

/** The viewer's request headers, from the untouched original event. */
function originalHeaders(original: unknown): Record<string, { key?: string; value: string }[]> {
  return (original as { Records: { cf: { request: { headers: never } } }[] }).Records[0].cf.request
    .headers;
}

function assertWellFormedPass(passedRequest: CloudFrontRequest, original: unknown): void {
  assert.ok(passedRequest.uri.startsWith("/"), `passed uri ${passedRequest.uri}`);
  const remaining = cookieHeaderValues(passedRequest.headers);
  assert.equal(readCookie(remaining, COOKIE_NAME), undefined, "the session cookie passed on");
  const identity = Object.entries(passedRequest.headers).flatMap(([name, entries]) =>
    entries.filter(
      (e) => name.toLowerCase() === IDENTITY_HEADER || e.key?.toLowerCase() === IDENTITY_HEADER,
    ),
  );
  const viewerHeaders = originalHeaders(original);
  if (identity.length > 0) {
    // An authenticated pass: the original request carried exactly a valid
    // session's id, and the rules let that session's user read the path.
    protectedPasses += 1;
    const session = sessionSent(original);
    assert.ok(session, "an identity passed without a valid session");
    assert.deepEqual(identity, [{ key: "X-Auth-Sub", value: session.sub }]);
    const path = canonicalPath(passedRequest.uri);
    assert.notEqual(path, null, "passed a uri with no canonical path");
    assert.equal(decide(path!, session, RULES), "allow");
    assert.equal(inAnotherUsersFolder(path!, session), false);
    return;
  }
  // Passed without a session (no identity at all, whatever the viewer
  // sent): only a public path, or a preflight of the allowed origin.
  if (passedRequest.uri.startsWith("/public/")) return;
  assert.equal(passedRequest.method, "OPTIONS", `passed ${passedRequest.uri} without a session`);
  const origins = Object.entries(viewerHeaders).flatMap(([name, entries]) =>
    entries.filter((e) => name.toLowerCase() === "origin" || e.key?.toLowerCase() === "origin"),
  );
  assert.ok(
    origins.some((e) => e.value === APP_ORIGIN),
    "a preflight of another origin passed",
  );
}

it("passes a valid session in its own folder under this config (so the property below is not vacuous)", async () => {
  passed(
    await handle(
      viewerRequestEvent({
        uri: `/users/${TEST_SUB}/a.pdf`,
        headers: [["Cookie", `${COOKIE_NAME}=${validId}`]],
      }),
    ),
  );
});

it(
  "never throws, answers well-formed, and passes a protected path only with a valid id whose user the rules allow there, over 10 000 events",
  async () => {
    await fc.assert(
      fc.asyncProperty(events, async (event) => {
        // The handler rewrites the request in place: it gets a copy, so the
        // original stays what the viewer sent (and what fast-check shrinks).
        const result = await handle(structuredClone(event));
        assert.ok(result, "no result");
        if (isResponse(result)) assertWellFormedResponse(result, event);
        else assertWellFormedPass(result as CloudFrontRequest, event);
      }),
      { numRuns: 10000 },
    );
    // Enough generated requests carried a valid id to a path the rules open,
    // and to one they close, for the property to bite both ways.
    expect(protectedPasses).toBeGreaterThan(500);
    expect(forbidden).toBeGreaterThan(500);
  },
  LONG_TEST_TIMEOUT_MS,
);
