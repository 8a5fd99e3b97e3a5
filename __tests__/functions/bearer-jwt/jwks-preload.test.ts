// The JWKS in config.json is preloaded: a cold start verifies known keys with
// no network call, and only a rotated key (kid not preloaded) costs one fetch.
import { bearerConfig, handlerFor, primaryKey } from "../../support/bearer-jwt-harness";
import {
  accessTokenClaims,
  generateSigningKey,
  signRs256,
  TEST_SUB,
} from "../../support/jwt-fixtures";
import { startJwksServer, type JwksServer } from "../../support/jwks-server";
import { bearer, passed, viewerRequestEvent } from "../../support/viewer-request";

const key = primaryKey();
const rotated = generateSigningKey("edge-gate-key-2");
let server: JwksServer;

beforeEach(async () => {
  // The issuer now publishes both keys; config.json still holds only the first.
  server = await startJwksServer({ kind: "serve", jwks: { keys: [key.jwk, rotated.jwk] } });
});
afterEach(() => server.close());

const ownFile = (token: string) =>
  viewerRequestEvent({ uri: `/users/${TEST_SUB}/a.txt`, headers: [bearer(token)] });

it("verifies a token signed with a preloaded key without any JWKS fetch", async () => {
  const handle = handlerFor(bearerConfig(server, key));
  const token = signRs256(key, accessTokenClaims(server.issuer));
  passed(await handle(ownFile(token)));
  passed(await handle(ownFile(token)));
  expect(server.requests()).toBe(0);
});

it("fetches the JWKS exactly once for a rotated key, then verifies it from the cache", async () => {
  const handle = handlerFor(bearerConfig(server, key));
  const token = signRs256(rotated, accessTokenClaims(server.issuer));
  passed(await handle(ownFile(token)));
  expect(server.requests()).toBe(1);
  passed(await handle(ownFile(token)));
  passed(await handle(ownFile(signRs256(key, accessTokenClaims(server.issuer)))));
  expect(server.requests()).toBe(1);
});

it("shares one JWKS fetch among concurrent requests with the rotated key", async () => {
  const handle = handlerFor(bearerConfig(server, key));
  const token = signRs256(rotated, accessTokenClaims(server.issuer));
  const results = await Promise.all([1, 2, 3].map(() => handle(ownFile(token))));
  results.forEach((result) => passed(result));
  expect(server.requests()).toBe(1);
});
