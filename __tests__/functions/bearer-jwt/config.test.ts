// A broken config.json must never open the gate: every request gets 503,
// and building the handler never throws.
import type { BearerJwtConfig } from "../../../functions/bearer-jwt/config";
import { createHandler } from "../../../functions/bearer-jwt/handler";
import { parseConfig } from "../../../functions/bearer-jwt/parse-config";
import { startHarness, type Harness } from "../../support/bearer-jwt-harness";
import { TEST_SUB } from "../../support/jwt-fixtures";
import { answered, bearer, jsonBody, viewerRequestEvent } from "../../support/viewer-request";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

type Mutation = [string, (c: Record<string, unknown>) => void];

const mutations: Mutation[] = [
  ["issuer missing", (c) => delete c.issuer],
  ["issuer not a URL", (c) => (c.issuer = "cognito")],
  ["issuer plain http to a remote host", (c) => (c.issuer = "http://example.com/pool")],
  ["jwksUri missing", (c) => delete c.jwksUri],
  ["jwksUri a number", (c) => (c.jwksUri = 42)],
  ["jwks not a JWKS", (c) => (c.jwks = { keys: "none" })],
  ["jwks key without kty", (c) => (c.jwks = { keys: [{ kid: "k" }] })],
  ["clientIds empty", (c) => (c.clientIds = [])],
  ["clientIds not strings", (c) => (c.clientIds = [1])],
  ["clockSkewSeconds negative", (c) => (c.clockSkewSeconds = -1)],
  ["clockSkewSeconds a string", (c) => (c.clockSkewSeconds = "30")],
  ["jwksFetchTimeoutMs beyond Lambda@Edge's 5 s", (c) => (c.jwksFetchTimeoutMs = 6000)],
  ["jwksFetchTimeoutMs NaN", (c) => (c.jwksFetchTimeoutMs = NaN)],
  ["tokenQueryParameter empty", (c) => (c.tokenQueryParameter = "")],
  ["tokenQueryParameter with &", (c) => (c.tokenQueryParameter = "a&b")],
  ["loginUrl protocol-relative", (c) => (c.loginUrl = "//evil.example.com")],
  ["loginUrl javascript:", (c) => (c.loginUrl = "javascript:alert(1)")],
  ["loginUrl with a newline", (c) => (c.loginUrl = "/login\r\nx: y")],
  ["corsAllowedOrigins a string", (c) => (c.corsAllowedOrigins = "https://app.example.com")],
  ["corsAllowedOrigins with a path", (c) => (c.corsAllowedOrigins = ["https://app.example.com/"])],
  ["identityHeader authorization", (c) => (c.identityHeader = "authorization")],
  ["identityHeader set-cookie", (c) => (c.identityHeader = "Set-Cookie")],
  // A token, but as a header map key it would set the map's prototype.
  ["identityHeader __proto__", (c) => (c.identityHeader = "__proto__")],
  ["identityHeader CloudFront reserves (X-Edge-*)", (c) => (c.identityHeader = "x-edge-gate-sub")],
  ["identityHeader with a space", (c) => (c.identityHeader = "x sub")],
  ["realm with a quote", (c) => (c.realm = 'a"b')],
  ["rules missing", (c) => delete c.rules],
  ["publicPrefixes not a list", (c) => ((c.rules as Record<string, unknown>).publicPrefixes = "/")],
  [
    "public prefix with ..",
    (c) => ((c.rules as Record<string, unknown>).publicPrefixes = ["/a/../"]),
  ],
  [
    "public prefix without leading slash",
    (c) => ((c.rules as Record<string, unknown>).publicPrefixes = ["public/"]),
  ],
  [
    "group rule without group",
    (c) => ((c.rules as Record<string, unknown>).groupPrefixes = [{ prefix: "/g/" }]),
  ],
  [
    "user template without {sub}",
    (c) => ((c.rules as Record<string, unknown>).userPrefixes = ["/users/"]),
  ],
  [
    "user template with {sub} inside a segment",
    (c) => ((c.rules as Record<string, unknown>).userPrefixes = ["/users/u-{sub}/"]),
  ],
];

function mutated(mutate: (c: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(h.config) as unknown as Record<string, unknown>;
  mutate(copy);
  return copy;
}

async function expectRefusesEverything(config: unknown): Promise<void> {
  const handle = createHandler(config);
  const events = [
    viewerRequestEvent({ uri: `/users/${TEST_SUB}/a.txt`, headers: [bearer(h.token())] }),
    viewerRequestEvent({ uri: "/public/a.css" }),
    viewerRequestEvent({
      uri: "/x",
      method: "OPTIONS",
      headers: [
        ["Origin", "https://a.example"],
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

it("accepts the harness config (control for the cases below)", () => {
  expect(parseConfig(h.config).ok).toBe(true);
});

it.each(mutations)("answers every request with 503 when the config has %s", async (_, mutate) => {
  const config = mutated(mutate);
  expect(parseConfig(config).ok).toBe(false);
  await expectRefusesEverything(config);
});

it.each([undefined, null, "config", 42, [], true])(
  "answers every request with 503 when the config is %p",
  async (config) => {
    await expectRefusesEverything(config);
  },
);

it("never throws from createHandler, even for a config with throwing getters", async () => {
  const hostile = {
    ...h.config,
    get issuer(): string {
      throw new Error("boom");
    },
  };
  expect(() => createHandler(hostile)).not.toThrow();
  await expectRefusesEverything(hostile);
});

it("reports every problem of a config at once", () => {
  const result = parseConfig({ ...h.config, issuer: 1, realm: '"' } as unknown as BearerJwtConfig);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.problems).toHaveLength(2);
});

it("returns a copy, so later changes to the raw object cannot widen the rules", () => {
  const raw = structuredClone(h.config);
  const result = parseConfig(raw);
  raw.rules.publicPrefixes.push("/");
  expect(result.ok && result.config.rules.publicPrefixes).not.toContain("/");
});
