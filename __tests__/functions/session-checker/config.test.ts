// A broken config.json, or an environment without credentials, must never
// open the gate: every request gets 503 (public paths and preflights too),
// and building the handler never throws.
import { createHandler } from "../../../functions/session-checker/handler";
import { parseConfig } from "../../../functions/session-checker/parse-config";
import {
  APP_ORIGIN,
  awsEnvironment,
  checkerConfig,
  HOME_REGION,
  sessionCookie,
  startSessionHarness,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";
import { answered, jsonBody, passed, viewerRequestEvent } from "../../support/viewer-request";

let h: SessionHarness;
let validId: string;
beforeAll(async () => {
  h = await startSessionHarness();
  validId = await h.putSession();
});
afterAll(() => h.close());
beforeEach(() => {
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

type Config = Record<string, unknown>;
type Mutation = [string, (c: Config) => void];
const table = (c: Config) => c.table as Config;
const rules = (c: Config) => c.rules as Config;

const mutations: Mutation[] = [
  ["cookieName missing", (c) => delete c.cookieName],
  ["cookieName with a space", (c) => (c.cookieName = "a b")],
  ["cookieName with =", (c) => (c.cookieName = "a=b")],
  ["table missing", (c) => delete c.table],
  ["table.name too short", (c) => (table(c).name = "ab")],
  ["table.name with a slash", (c) => (table(c).name = "a/b/c")],
  ["table.homeRegion not a region", (c) => (table(c).homeRegion = "Europe")],
  ["table.replicaRegions a string", (c) => (table(c).replicaRegions = "us-east-1")],
  ["table.replicaRegions with a bad region", (c) => (table(c).replicaRegions = ["us_east_1"])],
  ["table.endpoint missing", (c) => delete table(c).endpoint],
  [
    "table.endpoint plain http to a remote host",
    (c) => (table(c).endpoint = "http://dynamodb.{region}.amazonaws.com"),
  ],
  [
    "table.endpoint with credentials",
    (c) => (table(c).endpoint = "https://u:p@dynamodb.{region}.amazonaws.com"),
  ],
  [
    "table.endpoint with a query",
    (c) => (table(c).endpoint = "https://dynamodb.{region}.amazonaws.com/?a=1"),
  ],
  [
    "table.endpoint with another placeholder",
    (c) => (table(c).endpoint = "https://dynamodb.{zone}.amazonaws.com"),
  ],
  ["table.endpoint not a URL", (c) => (table(c).endpoint = "dynamodb")],
  ["lookupTimeoutMs 0", (c) => (c.lookupTimeoutMs = 0)],
  ["lookupTimeoutMs beyond 3 s", (c) => (c.lookupTimeoutMs = 5000)],
  ["lookupTimeoutMs a string", (c) => (c.lookupTimeoutMs = "300")],
  ["lookupTimeoutMs NaN", (c) => (c.lookupTimeoutMs = NaN)],
  ["positiveCacheSeconds negative", (c) => (c.positiveCacheSeconds = -1)],
  ["positiveCacheSeconds over an hour", (c) => (c.positiveCacheSeconds = 3601)],
  ["negativeCacheSeconds fractional", (c) => (c.negativeCacheSeconds = 1.5)],
  ["negativeCacheSeconds missing", (c) => delete c.negativeCacheSeconds],
  ["cacheMaxEntries 0", (c) => (c.cacheMaxEntries = 0)],
  ["cacheMaxEntries Infinity", (c) => (c.cacheMaxEntries = Infinity)],
  ["idleTimeoutSeconds 0", (c) => (c.idleTimeoutSeconds = 0)],
  ["idleTimeoutSeconds missing (null must be explicit)", (c) => delete c.idleTimeoutSeconds],
  ["activityIntervalSeconds missing", (c) => delete c.activityIntervalSeconds],
  ["activityIntervalSeconds 0", (c) => (c.activityIntervalSeconds = 0)],
  ["activityIntervalSeconds fractional", (c) => (c.activityIntervalSeconds = 2.5)],
  [
    "activityIntervalSeconds as long as the idle timeout (sessions would go idle unrecorded)",
    (c) => (c.activityIntervalSeconds = c.idleTimeoutSeconds),
  ],
  [
    "activityIntervalSeconds null beside an idle timeout (reading would not count)",
    (c) => (c.activityIntervalSeconds = null),
  ],
  [
    "activityIntervalSeconds without an idle timeout (writes for nothing)",
    (c) => {
      c.idleTimeoutSeconds = null;
      c.activityIntervalSeconds = 300;
    },
  ],
  ["loginPath absolute URL", (c) => (c.loginPath = "https://evil.example/login")],
  ["loginPath protocol-relative", (c) => (c.loginPath = "//evil.example/login")],
  ["loginPath with a query", (c) => (c.loginPath = "/login?x=1")],
  ["loginPath with a newline", (c) => (c.loginPath = "/login\r\nx: y")],
  ["loginPath with a backslash", (c) => (c.loginPath = "/\\evil.example")],
  ["rules missing", (c) => delete c.rules],
  ["rules.publicPrefixes '/' (everything public)", (c) => (rules(c).publicPrefixes = ["/"])],
  ["rules.publicPrefixes with ..", (c) => (rules(c).publicPrefixes = ["/a/../"])],
  ["rules.publicPrefixes with an encoded character", (c) => (rules(c).publicPrefixes = ["/a%2f/"])],
  ["rules.publicPrefixes a string", (c) => (rules(c).publicPrefixes = "/public/")],
  ["identityHeader cookie", (c) => (c.identityHeader = "Cookie")],
  ["identityHeader authorization", (c) => (c.identityHeader = "authorization")],
  // A token, but as a header map key it would set the map's prototype.
  ["identityHeader __proto__", (c) => (c.identityHeader = "__proto__")],
  ["identityHeader CloudFront reserves (X-Edge-*)", (c) => (c.identityHeader = "x-edge-gate-sub")],
  ["identityHeader with a space", (c) => (c.identityHeader = "x sub")],
  ["corsAllowedOrigins with a path", (c) => (c.corsAllowedOrigins = ["https://app.example.com/"])],
  ["corsAllowedOrigins a string", (c) => (c.corsAllowedOrigins = APP_ORIGIN)],
];

function mutated(mutate: (c: Config) => void): unknown {
  const copy = structuredClone(h.config) as unknown as Config;
  mutate(copy);
  return copy;
}

async function expectRefusesEverything(handle: ReturnType<typeof createHandler>): Promise<void> {
  const events = [
    viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(validId)] }),
    viewerRequestEvent({ uri: "/public/a.css" }),
    viewerRequestEvent({
      uri: "/x",
      method: "OPTIONS",
      headers: [
        ["Origin", APP_ORIGIN],
        ["Access-Control-Request-Method", "GET"],
      ],
    }),
  ];
  for (const event of events) {
    const response = answered(await handle(event));
    expect(response.status).toBe("503");
    expect(jsonBody(response)).toEqual({ error: "temporarily_unavailable" });
  }
}

const options = () => ({
  now: () => h.clock.now,
  env: awsEnvironment(HOME_REGION),
  // The control's look-up must succeed however busy the machine.
  outboundTimeoutMs: GENEROUS_TIMEOUT_MS,
});

it("accepts the harness config and passes a valid session with it (control)", async () => {
  expect(parseConfig(h.config).ok).toBe(true);
  const handle = createHandler(h.config, options());
  passed(
    await handle(viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(validId)] })),
  );
});

it.each([
  ["the production endpoint template", "https://dynamodb.{region}.amazonaws.com"],
  ["a loopback endpoint without placeholder", "http://localhost:8000"],
  ["an IPv6 loopback endpoint", "http://[::1]:8000/{region}"],
])("accepts %s", (_, endpoint) => {
  expect(parseConfig(checkerConfig(endpoint, "sessions")).ok).toBe(true);
});

it("accepts idleTimeoutSeconds and activityIntervalSeconds null and no public prefixes or origins", () => {
  const config = checkerConfig(h.proxy.endpoint, "sessions", {
    idleTimeoutSeconds: null,
    activityIntervalSeconds: null,
    rules: { ...h.config.rules, publicPrefixes: [] },
    corsAllowedOrigins: [],
  });
  expect(parseConfig(config).ok).toBe(true);
});

it.each(mutations)("answers every request with 503 when the config has %s", async (_, mutate) => {
  const config = mutated(mutate);
  expect(parseConfig(config).ok).toBe(false);
  await expectRefusesEverything(createHandler(config, options()));
});

it.each([undefined, null, "config", 42, [], true])(
  "answers every request with 503 when the config is %p",
  async (config) => {
    await expectRefusesEverything(createHandler(config, options()));
  },
);

it.each([
  ["no credentials at all", {}],
  ["no secret key", { AWS_ACCESS_KEY_ID: "AKIAEDGEGATETEST0000", AWS_REGION: HOME_REGION }],
])("answers every request with 503 when the environment has %s", async (_, env) => {
  await expectRefusesEverything(createHandler(h.config, { now: () => h.clock.now, env }));
});

it("never throws from createHandler, even for a config with throwing getters", async () => {
  const hostile = {
    ...h.config,
    get cookieName(): string {
      throw new Error("boom");
    },
  };
  expect(() => createHandler(hostile, options())).not.toThrow();
  await expectRefusesEverything(createHandler(hostile, options()));
});

it("reports every problem of a config at once, by field name", () => {
  const result = parseConfig({
    ...h.config,
    cookieName: 1,
    lookupTimeoutMs: -1,
    table: { ...h.config.table, endpoint: "ftp://x/{region}" },
  });
  expect(result).toEqual({
    ok: false,
    problems: ["cookieName", "lookupTimeoutMs", "table.endpoint"],
  });
});

it("returns a copy, so later changes to the raw object cannot widen the rules", () => {
  const raw = structuredClone(h.config);
  const result = parseConfig(raw);
  raw.rules.publicPrefixes.push("/docs/");
  raw.table.replicaRegions.push("sa-east-1");
  expect(result.ok && result.config.rules.publicPrefixes).not.toContain("/docs/");
  expect(result.ok && result.config.table.replicaRegions).not.toContain("sa-east-1");
});

it("lowercases the identity header, so removal and setting agree on one name", () => {
  const result = parseConfig({ ...h.config, identityHeader: "X-Auth-Sub" });
  expect(result.ok && result.config.identityHeader).toBe("x-auth-sub");
});
