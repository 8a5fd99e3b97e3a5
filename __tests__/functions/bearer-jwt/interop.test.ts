// Tokens and key sets made by another JOSE implementation (jose), not by this
// project's fixtures: the handler must accept what a standard issuer signs
// and refuse what a standard library can forge.
import * as jose from "jose";
import { bearerConfig, handlerFor } from "../../support/bearer-jwt-harness";
import { CLIENT_ID, TEST_SUB } from "../../support/jwt-fixtures";
import { startJwksServer, type JwksServer } from "../../support/jwks-server";
import { answered, bearer, passed, viewerRequestEvent } from "../../support/viewer-request";

let server: JwksServer;
let privateKey: jose.KeyLike;
let publicJwk: jose.JWK;

beforeAll(async () => {
  const pair = await jose.generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  privateKey = pair.privateKey;
  publicJwk = {
    ...(await jose.exportJWK(pair.publicKey)),
    kid: "jose-key",
    alg: "RS256",
    use: "sig",
  };
  server = await startJwksServer({ kind: "serve", jwks: { keys: [publicJwk] } });
});
afterAll(() => server.close());

const handlerWith = (jwks: jose.JWK[]) =>
  handlerFor({
    ...bearerConfig(server, { jwk: publicJwk } as never),
    jwks: { keys: jwks },
  });

function cognitoAccessToken(
  claims: jose.JWTPayload = {},
  header: jose.JWTHeaderParameters = { alg: "RS256", kid: "jose-key" },
) {
  return new jose.SignJWT({
    token_use: "access",
    client_id: CLIENT_ID,
    scope: "openid email",
    username: "alice",
    "cognito:groups": ["readers"],
    ...claims,
  })
    .setProtectedHeader(header)
    .setSubject(TEST_SUB)
    .setIssuer(server.issuer)
    .setIssuedAt()
    .setExpirationTime("10m")
    .setJti(crypto.randomUUID())
    .sign(privateKey);
}

const ownFile = (token: string) =>
  viewerRequestEvent({ uri: `/users/${TEST_SUB}/photo.jpg`, headers: [bearer(token)] });

it("accepts a Cognito-shaped access token signed by jose with the preloaded key", async () => {
  const handle = handlerWith([publicJwk]);
  const request = passed(await handle(ownFile(await cognitoAccessToken())));
  expect(request.headers["x-auth-sub"]?.[0].value).toBe(TEST_SUB);
  expect(server.requests()).toBe(0);
});

it("fetches the JWKS once when jose's key is not preloaded, then accepts", async () => {
  const before = server.requests();
  const handle = handlerWith([]);
  passed(await handle(ownFile(await cognitoAccessToken())));
  expect(server.requests()).toBe(before + 1);
});

it("refuses a jose token signed with RS384, though the key matches", async () => {
  const handle = handlerWith([{ ...publicJwk, alg: undefined }]);
  const token = await cognitoAccessToken({}, { alg: "RS384", kid: "jose-key" });
  expect(answered(await handle(ownFile(token))).status).toBe("401");
});

it("refuses a jose-made unsecured JWT (alg none)", async () => {
  const handle = handlerWith([publicJwk]);
  const unsecured = new jose.UnsecuredJWT({ token_use: "access", client_id: CLIENT_ID })
    .setSubject(TEST_SUB)
    .setIssuer(server.issuer)
    .setExpirationTime("10m")
    .encode();
  expect(answered(await handle(ownFile(unsecured))).status).toBe("401");
});

it("refuses a jose HS256 token keyed with the public JWK's modulus", async () => {
  const handle = handlerWith([publicJwk]);
  const secret = new TextEncoder().encode(String(publicJwk.n));
  const token = await new jose.SignJWT({ token_use: "access", client_id: CLIENT_ID })
    .setProtectedHeader({ alg: "HS256", kid: "jose-key" })
    .setSubject(TEST_SUB)
    .setIssuer(server.issuer)
    .setExpirationTime("10m")
    .sign(secret);
  expect(answered(await handle(ownFile(token))).status).toBe("401");
});

it("refuses a jose-signed ID token (token_use id) with an aud", async () => {
  const handle = handlerWith([publicJwk]);
  const token = await cognitoAccessToken({ token_use: "id", aud: CLIENT_ID, client_id: undefined });
  expect(answered(await handle(ownFile(token))).status).toBe("401");
});

it("refuses a jose token from another issuer with the same key", async () => {
  const handle = handlerWith([publicJwk]);
  const token = await new jose.SignJWT({ token_use: "access", client_id: CLIENT_ID })
    .setProtectedHeader({ alg: "RS256", kid: "jose-key" })
    .setSubject(TEST_SUB)
    .setIssuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Elsewhere")
    .setExpirationTime("10m")
    .sign(privateKey);
  expect(answered(await handle(ownFile(token))).status).toBe("401");
});
