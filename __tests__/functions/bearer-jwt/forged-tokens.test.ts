// Forged, broken and misused tokens against the real aws-jwt-verify: each one
// must be refused with the RFC 6750 status and challenge, never passed.
// Nothing here races a clock: JWKS fetches expected to succeed have a
// generous time limit, the time-out is proved against a server that never
// answers, and the clock-skew cases run on a frozen Date.now.
import * as crypto from "node:crypto";
import { createHandler } from "../../../functions/bearer-jwt/handler";
import {
  bearerConfig,
  handlerFor,
  REALM,
  startHarness,
  type Harness,
} from "../../support/bearer-jwt-harness";
import {
  accessTokenClaims,
  assembleJwt,
  generateSigningKey,
  nowSeconds,
  signRs256,
  TEST_SUB,
} from "../../support/jwt-fixtures";
import { FORGERIES } from "../../support/forged-tokens";
import { startJwksServer, unusedOrigin } from "../../support/jwks-server";
import { fakeTimeouts } from "../../support/timing-harness";
import {
  answered,
  bearer,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
  type Result,
} from "../../support/viewer-request";

const OWN_FILE = `/users/${TEST_SUB}/report.pdf`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const withAuthorization = (...values: string[]) =>
  viewerRequestEvent({ uri: OWN_FILE, headers: values.map((v) => ["Authorization", v]) });

const withToken = (token: string) =>
  viewerRequestEvent({ uri: OWN_FILE, headers: [bearer(token)] });

function expectInvalidToken(result: Result): void {
  const response = answered(result);
  expect(response.status).toBe("401");
  expect(header(response, "www-authenticate")).toMatch(
    new RegExp(`^Bearer realm="${REALM}", error="invalid_token", error_description="[ -~]+"$`),
  );
  expect(header(response, "content-type")).toBe("application/json");
  expect(header(response, "cache-control")).toBe("no-store");
  expect(jsonBody(response)).toEqual({ error: "invalid_token" });
}

function expectInvalidRequest(result: Result): void {
  const response = answered(result);
  expect(response.status).toBe("400");
  expect(header(response, "www-authenticate")).toBe(
    `Bearer realm="${REALM}", error="invalid_request"`,
  );
  expect(jsonBody(response)).toEqual({ error: "invalid_request" });
}

function expectUnavailable(result: Result): void {
  const response = answered(result);
  expect(response.status).toBe("503");
  expect(header(response, "www-authenticate")).toBeUndefined();
  expect(jsonBody(response)).toEqual({ error: "temporarily_unavailable" });
}

it("passes a valid Cognito access token to the caller's own folder", async () => {
  const request = passed(await h.handle(withToken(h.token())));
  expect(request.uri).toBe(OWN_FILE);
});

// The corpus every verifier in edge-gate must refuse (shared with the cookie issuer).
it.each(FORGERIES)("denies a token $name", async ({ forge }) => {
  expectInvalidToken(await h.handle(withToken(forge({ key: h.key, issuer: h.server.issuer }))));
});

it("denies a token signed with RS384 by the right key (Cognito signs RS256 only)", async () => {
  const { kid, jwk, privateKey } = h.key;
  // The JWK without "alg", so only this function's RS256 rule stands in the way.
  const withoutAlg = Object.fromEntries(Object.entries(jwk).filter(([name]) => name !== "alg"));
  const handle = handlerFor({ ...h.config, jwks: { keys: [withoutAlg] } });
  const token = assembleJwt(
    { alg: "RS384", kid },
    accessTokenClaims(h.server.issuer),
    (input: string) => crypto.sign("RSA-SHA384", Buffer.from(input), privateKey),
  );
  expectInvalidToken(await handle(withToken(token)));
});

it("answers 503 for an unknown kid when the JWKS server is down", async () => {
  const origin = await unusedOrigin();
  const handle = handlerFor({ ...h.config, jwksUri: `${origin}/jwks.json` });
  const token = h.token();
  const rotated = signRs256(generateSigningKey("rotated"), accessTokenClaims(h.server.issuer));
  expectUnavailable(await handle(withToken(rotated)));
  // The outage does not disturb tokens whose key is preloaded.
  passed(await handle(withToken(token)));
});

it("answers 503 for an unknown kid when the JWKS endpoint returns 500", async () => {
  const server = await startJwksServer({ kind: "status", status: 500 });
  try {
    const handle = handlerFor(bearerConfig(server, h.key));
    const rotated = signRs256(generateSigningKey("rotated"), accessTokenClaims(server.issuer));
    expectUnavailable(await handle(withToken(rotated)));
    expect(server.requests()).toBe(1);
  } finally {
    await server.close();
  }
});

it("answers 503 for an unknown kid when the JWKS endpoint does not answer in time", async () => {
  // A server that never answers, and the config's own short limit: only that
  // limit can end the fetch (however slow the machine, never another way).
  const server = await startJwksServer({ kind: "stall" });
  try {
    const handle = createHandler(bearerConfig(server, h.key, { jwksFetchTimeoutMs: 150 }));
    const rotated = signRs256(generateSigningKey("rotated"), accessTokenClaims(server.issuer));
    expectUnavailable(await handle(withToken(rotated)));
  } finally {
    await server.close();
  }
});

it("answers 503 for an unknown kid when the JWKS endpoint serves something else than a JWKS", async () => {
  const server = await startJwksServer({ kind: "serve", jwks: { notKeys: true } });
  try {
    const handle = handlerFor(bearerConfig(server, h.key));
    const rotated = signRs256(generateSigningKey("rotated"), accessTokenClaims(server.issuer));
    expectUnavailable(await handle(withToken(rotated)));
  } finally {
    await server.close();
  }
});

it("denies an unknown kid with 401 when the fetched JWKS does not contain it either", async () => {
  const server = await startJwksServer({ kind: "serve", jwks: { keys: [h.key.jwk] } });
  // The library's penalty box ends on a timer: on a fake clock it cannot end
  // between the two requests below, however long they take.
  fakeTimeouts();
  try {
    const handle = handlerFor(bearerConfig(server, h.key));
    const stranger = signRs256(generateSigningKey("stranger"), accessTokenClaims(server.issuer));
    expectInvalidToken(await handle(withToken(stranger)));
    expect(server.requests()).toBe(1);
    // The library's penalty box keeps a second unknown kid from refetching at once.
    expectInvalidToken(await handle(withToken(stranger)));
    expect(server.requests()).toBe(1);
  } finally {
    jest.useRealTimers();
    await server.close();
  }
});

it("accepts a token of the second allowed app client", async () => {
  passed(await h.handle(withToken(h.token({ client_id: "second-client-id" }))));
});

describe("on a frozen clock (token and verifier read the same instant)", () => {
  beforeEach(() => {
    const frozen = Date.now();
    jest.spyOn(Date, "now").mockReturnValue(frozen);
  });
  afterEach(() => jest.restoreAllMocks());

  it("denies a token expired beyond the clock skew", async () => {
    const result = await h.handle(withToken(h.token({ exp: nowSeconds() - 31 })));
    expectInvalidToken(result);
    expect(header(answered(result), "www-authenticate")).toContain(
      'error_description="The access token expired"',
    );
  });

  it("accepts a token expired within the clock skew", async () => {
    passed(await h.handle(withToken(h.token({ exp: nowSeconds() - 20 }))));
  });

  it("denies a token whose nbf lies beyond the clock skew", async () => {
    expectInvalidToken(await h.handle(withToken(h.token({ nbf: nowSeconds() + 60 }))));
  });

  it("accepts a token whose nbf lies within the clock skew", async () => {
    passed(await h.handle(withToken(h.token({ nbf: nowSeconds() + 20 }))));
  });

  it("denies a token issued in the future beyond the clock skew", async () => {
    expectInvalidToken(await h.handle(withToken(h.token({ iat: nowSeconds() + 120 }))));
  });
});

it("denies credentials that cannot be a token", async () => {
  expectInvalidToken(await h.handle(withAuthorization("Bearer a b")));
  expectInvalidToken(await h.handle(withAuthorization("Bearer {}")));
});

it("denies an empty Bearer credential as an invalid token", async () => {
  expectInvalidToken(await h.handle(withAuthorization("Bearer")));
  expectInvalidToken(await h.handle(withAuthorization("Bearer ")));
});

it("denies an oversized Authorization header without parsing it", async () => {
  const result = await h.handle(withAuthorization(`Bearer ${"a".repeat(8 * 1024)}`));
  expectInvalidToken(result);
  expect(header(answered(result), "www-authenticate")).toContain("too large");
});

it("denies two Authorization headers as an invalid request", async () => {
  const token = h.token();
  expectInvalidRequest(await h.handle(withAuthorization(`Bearer ${token}`, `Bearer ${token}`)));
});

it("denies Authorization headers hidden under two spellings as an invalid request", async () => {
  const token = h.token();
  const event = viewerRequestEvent({ uri: OWN_FILE, headers: [bearer(token)] });
  event.Records[0].cf.request.headers["Authorization"] = [
    { key: "Authorization", value: `Bearer ${token}` },
  ];
  expectInvalidRequest(await h.handle(event));
});

it("denies a token sent in both the header and the query as an invalid request", async () => {
  const handle = h.handlerWith({ tokenQueryParameter: "access_token" });
  const token = h.token();
  const event = viewerRequestEvent({
    uri: OWN_FILE,
    querystring: `access_token=${token}`,
    headers: [bearer(token)],
  });
  expectInvalidRequest(await handle(event));
});

it("treats a Basic credential as no bearer token: 401 challenge without an error code", async () => {
  const result = await h.handle(withAuthorization("Basic YWxpY2U6c2VjcmV0"));
  const response = answered(result);
  expect(response.status).toBe("401");
  expect(header(response, "www-authenticate")).toBe(`Bearer realm="${REALM}"`);
  expect(jsonBody(response)).toEqual({ error: "unauthorized" });
});

it("answers a request without credentials with a bare Bearer challenge", async () => {
  const response = answered(await h.handle(viewerRequestEvent({ uri: OWN_FILE })));
  expect(response.status).toBe("401");
  expect(response.statusDescription).toBe("Unauthorized");
  expect(header(response, "www-authenticate")).toBe(`Bearer realm="${REALM}"`);
});

it("accepts the Bearer scheme in any case and with several spaces (RFC 6750 2.1)", async () => {
  const token = h.token();
  passed(await h.handle(withAuthorization(`bearer ${token}`)));
  passed(await h.handle(withAuthorization(`BEARER   ${token}`)));
});
