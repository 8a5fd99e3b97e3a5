// The Cognito stand-in is Cognito-shaped where our code can see it: the
// hosted UI's routes, a PKCE code flow for a public client, RS256 tokens with
// Cognito's claims (checked with aws-jwt-verify), refresh-token revocation,
// /logout, and the failure and key-rotation knobs tests rely on.
import { createHash, randomBytes } from "node:crypto";
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import type { JwtHeader, JwtPayload } from "aws-jwt-verify/jwt-model";
import { createJwksCache } from "../../functions/shared/jwks-cache";
import {
  signInThroughHostedUi,
  startCognitoStandIn,
  type CognitoStandIn,
  type StandInUser,
} from "../support/cognito-stand-in";

const CLIENT_ID = "4pq8standinexampleclient01";
const OTHER_CLIENT_ID = "7zz1standinotherclient0002";
const REDIRECT_URI = "https://d111111abcdef8.cloudfront.net/_identity/callback";
const LOGOUT_URI = "https://d111111abcdef8.cloudfront.net/signed-out.html";

const ALICE: StandInUser = {
  username: "alice",
  password: "correct horse battery staple",
  sub: "3b9f1e0c-5a7d-4c2e-9f61-0d8a4b7c2e11",
  email: "alice@example.com",
  groups: ["readers", "admins"],
};
const BOB: StandInUser = {
  username: "bob",
  password: "hunter2hunter2",
  sub: "8c2d4f6a-1b3e-4d5f-a7b9-c1d3e5f7a9b2",
  email: "bob@example.com",
  groups: [],
};

const clients = [
  { clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], logoutUris: [LOGOUT_URI] },
  {
    clientId: OTHER_CLIENT_ID,
    redirectUris: ["http://127.0.0.1:9/callback"],
    logoutUris: ["http://127.0.0.1:9/bye"],
  },
];

let standIn: CognitoStandIn;
let startMs: number;

beforeAll(async () => {
  const started = performance.now();
  standIn = await startCognitoStandIn({ users: [ALICE, BOB], clients });
  startMs = performance.now() - started;
});
afterAll(() => standIn?.close());

function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

interface Login {
  state: string;
  nonce: string;
  verifier: string;
  url: string;
}

function newLogin(on: CognitoStandIn, overrides: Record<string, string | undefined> = {}): Login {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const params: Record<string, string | undefined> = {
    response_type: "code",
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...overrides,
  };
  const url = new URL("/oauth2/authorize", on.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return { state, nonce, verifier, url: url.toString() };
}

async function postForm(
  on: CognitoStandIn,
  route: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(route, on.origin), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const redeem = (on: CognitoStandIn, code: string, verifier: string) =>
  postForm(on, "/oauth2/token", {
    grant_type: "authorization_code",
    client_id: CLIENT_ID,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });

/** Signs `user` in and returns the code from the callback, with the login it belongs to. */
async function codeFor(on: CognitoStandIn, user: StandInUser = ALICE) {
  const login = newLogin(on);
  const callback = await signInThroughHostedUi(login.url, user);
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
  expect(callback.searchParams.get("state")).toBe(login.state);
  const code = callback.searchParams.get("code");
  if (code === null) throw new Error(`no code in ${callback.toString()}`);
  return { login, code };
}

async function tokensFor(on: CognitoStandIn, user: StandInUser = ALICE) {
  const { login, code } = await codeFor(on, user);
  const answer = await redeem(on, code, login.verifier);
  expect(answer.status).toBe(200);
  return { login, body: answer.body as Record<string, string | number> };
}

function verifiersFor(on: CognitoStandIn) {
  return {
    id: JwtVerifier.create(
      { issuer: on.issuer, audience: CLIENT_ID, jwksUri: on.jwksUri },
      { jwksCache: createJwksCache(3000) },
    ),
    access: JwtVerifier.create(
      {
        issuer: on.issuer,
        audience: null,
        jwksUri: on.jwksUri,
        customJwtCheck: ({ payload }) => {
          if (payload.client_id !== CLIENT_ID) throw new Error("client_id");
        },
      },
      { jwksCache: createJwksCache(3000) },
    ),
  };
}

function headerOf(jwt: string): JwtHeader {
  return JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString("utf8")) as JwtHeader;
}

async function jwksKids(on: CognitoStandIn): Promise<string[]> {
  const response = await fetch(on.jwksUri);
  expect(response.status).toBe(200);
  const jwks = (await response.json()) as { keys: { kid: string; alg: string; kty: string }[] };
  for (const key of jwks.keys) expect(key).toMatchObject({ kty: "RSA", alg: "RS256" });
  return jwks.keys.map((key) => key.kid);
}

describe("start-up", () => {
  it("listens on loopback with a Cognito-shaped issuer and its JWKS under it", async () => {
    expect(standIn.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standIn.issuer).toBe(`${standIn.origin}/eu-west-1_EdgeGate9`);
    expect(standIn.jwksUri).toBe(`${standIn.issuer}/.well-known/jwks.json`);
    expect(await jwksKids(standIn)).toHaveLength(1);
    // Measured, not asserted tightly: one start is a Node process, oidc-provider and an RSA key.
    expect(startMs).toBeLessThan(10_000);
  });

  it("serves discovery under the issuer, with the hosted-UI endpoints on the origin", async () => {
    const response = await fetch(`${standIn.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: standIn.issuer,
      authorization_endpoint: `${standIn.origin}/oauth2/authorize`,
      token_endpoint: `${standIn.origin}/oauth2/token`,
      revocation_endpoint: `${standIn.origin}/oauth2/revoke`,
      jwks_uri: standIn.jwksUri,
      code_challenge_methods_supported: ["S256"],
    });
  });
});

describe("sign-in and code exchange", () => {
  it("issues ID and access tokens with Cognito's claims, verifiable with aws-jwt-verify", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { login, body } = await tokensFor(standIn, ALICE);
    const after = Math.ceil(Date.now() / 1000);

    expect(Object.keys(body).sort()).toEqual(
      ["access_token", "expires_in", "id_token", "refresh_token", "token_type"].sort(),
    );
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(3600);
    expect(typeof body.refresh_token).toBe("string");

    const verifiers = verifiersFor(standIn);
    const idToken = body.id_token as string;
    const accessToken = body.access_token as string;
    const id: JwtPayload = await verifiers.id.verify(idToken);
    const access: JwtPayload = await verifiers.access.verify(accessToken);

    const kids = await jwksKids(standIn);
    for (const jwt of [idToken, accessToken]) {
      const header = headerOf(jwt);
      expect(header.alg).toBe("RS256");
      expect(kids).toContain(header.kid);
    }

    expect(id).toMatchObject({
      iss: standIn.issuer,
      sub: ALICE.sub,
      aud: CLIENT_ID,
      token_use: "id",
      "cognito:username": ALICE.username,
      "cognito:groups": ALICE.groups,
      email: ALICE.email,
      email_verified: true,
      nonce: login.nonce,
    });
    expect(id.auth_time).toBeGreaterThanOrEqual(before);
    expect(id.auth_time).toBeLessThanOrEqual(after);
    expect(id.iat).toBeGreaterThanOrEqual(before);
    expect(id.exp! - id.iat!).toBe(3600);

    expect(access).toMatchObject({
      iss: standIn.issuer,
      sub: ALICE.sub,
      client_id: CLIENT_ID,
      token_use: "access",
      username: ALICE.username,
      "cognito:groups": ALICE.groups,
      auth_time: id.auth_time,
    });
    expect(access.aud).toBeUndefined();
    expect(String(access.scope).split(" ").sort()).toEqual(["email", "openid", "profile"]);
    expect(typeof access.jti).toBe("string");
    expect(access.iat).toBeGreaterThanOrEqual(before);
    expect(access.exp! - access.iat!).toBe(3600);
  });

  it("omits cognito:groups for a user in no group", async () => {
    const { body } = await tokensFor(standIn, BOB);
    const verifiers = verifiersFor(standIn);
    const id = await verifiers.id.verify(body.id_token as string);
    const access = await verifiers.access.verify(body.access_token as string);
    expect(id).toMatchObject({ sub: BOB.sub, "cognito:username": BOB.username });
    expect(access).toMatchObject({ sub: BOB.sub, username: BOB.username });
    expect("cognito:groups" in id).toBe(false);
    expect("cognito:groups" in access).toBe(false);
  });

  it("answers /oauth2/userInfo for its access tokens, and 401 without one", async () => {
    const { body } = await tokensFor(standIn, ALICE);
    const response = await fetch(`${standIn.origin}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${String(body.access_token)}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sub: ALICE.sub,
      email_verified: "true",
      email: ALICE.email,
      username: ALICE.username,
    });
    const anonymous = await fetch(`${standIn.origin}/oauth2/userInfo`);
    expect(anonymous.status).toBe(401);
    const withIdToken = await fetch(`${standIn.origin}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${String(body.id_token)}` },
    });
    expect(withIdToken.status).toBe(401);
  });

  it("refuses a code_verifier that does not match the code_challenge", async () => {
    const { code } = await codeFor(standIn);
    const answer = await redeem(standIn, code, pkcePair().verifier);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_grant");
  });

  it("refuses a code exchange without a code_verifier", async () => {
    const { code } = await codeFor(standIn);
    const answer = await postForm(standIn, "/oauth2/token", {
      grant_type: "authorization_code",
      client_id: CLIENT_ID,
      code,
      redirect_uri: REDIRECT_URI,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_grant");
  });

  it("requires PKCE at /oauth2/authorize", async () => {
    const login = newLogin(standIn, {
      code_challenge: undefined,
      code_challenge_method: undefined,
    });
    const callback = await signInThroughHostedUi(login.url, ALICE);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("error")).toBe("invalid_request");
    expect(callback.searchParams.get("state")).toBe(login.state);
    expect(callback.searchParams.has("code")).toBe(false);
  });

  it("redeems a code once only", async () => {
    const { login, code } = await codeFor(standIn);
    expect((await redeem(standIn, code, login.verifier)).status).toBe(200);
    const again = await redeem(standIn, code, login.verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
  });

  it("refuses a redirect_uri the client did not register", async () => {
    const login = newLogin(standIn, { redirect_uri: "https://evil.example/callback" });
    await expect(signInThroughHostedUi(login.url, ALICE)).rejects.toThrow(/400/);
  });

  it("keeps a wrong password on the sign-in page, with no code", async () => {
    const login = newLogin(standIn);
    const stoppedAt = await signInThroughHostedUi(login.url, { ...ALICE, password: "wrong" });
    expect(stoppedAt.origin).toBe(standIn.origin);
    expect(stoppedAt.pathname).toMatch(/^\/login\//);
    expect(stoppedAt.searchParams.has("code")).toBe(false);
    const unknownUser = await signInThroughHostedUi(newLogin(standIn).url, {
      username: "mallory",
      password: ALICE.password,
    });
    expect(unknownUser.origin).toBe(standIn.origin);
  });

  it("sends a cancelled sign-in back as error=access_denied with the state", async () => {
    const login = newLogin(standIn);
    const callback = await signInThroughHostedUi(login.url, "cancel");
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("error_description")).toBeTruthy();
    expect(callback.searchParams.get("state")).toBe(login.state);
    expect(callback.searchParams.has("code")).toBe(false);
  });
});

describe("refresh tokens", () => {
  it("refreshes like Cognito, then refuses a revoked refresh token and records it", async () => {
    const { body } = await tokensFor(standIn, ALICE);
    const refreshToken = body.refresh_token as string;

    const refreshed = await postForm(standIn, "/oauth2/token", {
      grant_type: "refresh_token",
      client_id: CLIENT_ID,
      refresh_token: refreshToken,
    });
    expect(refreshed.status).toBe(200);
    // Cognito does not rotate refresh tokens: none in a refresh answer.
    expect(Object.keys(refreshed.body).sort()).toEqual(
      ["access_token", "expires_in", "id_token", "token_type"].sort(),
    );
    const verifiers = verifiersFor(standIn);
    await expect(verifiers.id.verify(refreshed.body.id_token as string)).resolves.toMatchObject({
      sub: ALICE.sub,
      token_use: "id",
    });

    const revoked = await postForm(standIn, "/oauth2/revoke", {
      token: refreshToken,
      client_id: CLIENT_ID,
    });
    expect(revoked.status).toBe(200);
    expect(await standIn.revokedTokens()).toContain(refreshToken);

    const afterRevoke = await postForm(standIn, "/oauth2/token", {
      grant_type: "refresh_token",
      client_id: CLIENT_ID,
      refresh_token: refreshToken,
    });
    expect(afterRevoke.status).toBe(400);
    expect(afterRevoke.body.error).toBe("invalid_grant");

    // The access tokens issued with it end too.
    const userInfo = await fetch(`${standIn.origin}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${String(refreshed.body.access_token)}` },
    });
    expect(userInfo.status).toBe(401);
  });

  it("does not record a revocation that revoked nothing", async () => {
    const before = await standIn.revokedTokens();
    const answer = await postForm(standIn, "/oauth2/revoke", {
      token: "not-a-refresh-token",
      client_id: CLIENT_ID,
    });
    expect(answer.status).toBe(200);
    expect(await standIn.revokedTokens()).toEqual(before);
  });
});

describe("/logout", () => {
  const logoutUrl = (clientId: string, logoutUri: string) =>
    `${standIn.origin}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: logoutUri }).toString()}`;

  it("redirects to a registered logout URI and records the logout", async () => {
    const response = await fetch(logoutUrl(CLIENT_ID, LOGOUT_URI), { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(LOGOUT_URI);
    expect(await standIn.logouts()).toContainEqual({ clientId: CLIENT_ID, logoutUri: LOGOUT_URI });
  });

  it("answers 400 for an unregistered logout URI or an unknown client, and records nothing", async () => {
    const before = await standIn.logouts();
    for (const url of [
      logoutUrl(CLIENT_ID, "https://evil.example/"),
      logoutUrl(CLIENT_ID, "http://127.0.0.1:9/bye"), // the other client's
      logoutUrl("no-such-client", LOGOUT_URI),
      `${standIn.origin}/logout?client_id=${CLIENT_ID}`,
    ]) {
      const response = await fetch(url, { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      await response.body?.cancel();
    }
    expect(await standIn.logouts()).toEqual(before);
  });
});

describe("test controls", () => {
  it("fails the token endpoint on demand and counts every token request", async () => {
    const { login, code } = await codeFor(standIn);
    const before = await standIn.tokenRequests();

    await standIn.failTokenEndpoint("server-error");
    const serverError = await redeem(standIn, code, login.verifier);
    expect(serverError.status).toBe(500);

    await standIn.failTokenEndpoint("invalid-grant");
    const invalidGrant = await redeem(standIn, code, login.verifier);
    expect(invalidGrant.status).toBe(400);
    expect(invalidGrant.body.error).toBe("invalid_grant");

    // The failures did not consume the code.
    await standIn.failTokenEndpoint("off");
    const ok = await redeem(standIn, code, login.verifier);
    expect(ok.status).toBe(200);

    expect(await standIn.tokenRequests()).toBe(before + 3);
  });
});

describe("key rotation and lifecycle (own stand-in)", () => {
  let rotating: CognitoStandIn;

  beforeAll(async () => {
    rotating = await startCognitoStandIn({
      users: [ALICE],
      clients: [clients[0]],
      tokenTtlSeconds: 120,
    });
  });
  afterAll(() => rotating?.close());

  it("runs beside another stand-in, with its own issuer and keys", async () => {
    expect(rotating.issuer).not.toBe(standIn.issuer);
    const [own] = await jwksKids(rotating);
    expect(await jwksKids(standIn)).not.toContain(own);
  });

  it("uses the configured token lifetime", async () => {
    const { body } = await tokensFor(rotating, ALICE);
    expect(body.expires_in).toBe(120);
    const verifiers = verifiersFor(rotating);
    const id = await verifiers.id.verify(body.id_token as string);
    const access = await verifiers.access.verify(body.access_token as string);
    expect(id.exp! - id.iat!).toBe(120);
    expect(access.exp! - access.iat!).toBe(120);
  });

  it("rotates the signing key: a new kid in the JWKS and on new tokens", async () => {
    const verifiers = verifiersFor(rotating);
    const first = await tokensFor(rotating, ALICE);
    const [oldKid] = await jwksKids(rotating);
    await verifiers.id.verify(first.body.id_token as string);

    await rotating.rotateKeys();
    const kids = await jwksKids(rotating);
    expect(kids).toHaveLength(1);
    expect(kids[0]).not.toBe(oldKid);

    // Tokens issued from now on carry the new kid.
    const second = await tokensFor(rotating, ALICE);
    for (const jwt of [second.body.id_token, second.body.access_token] as string[]) {
      expect(headerOf(jwt).kid).toBe(kids[0]);
    }
    // The same verifier fetches the JWKS again for the unknown kid.
    await expect(verifiers.id.verify(second.body.id_token as string)).resolves.toMatchObject({
      sub: ALICE.sub,
    });
    await expect(
      verifiers.access.verify(second.body.access_token as string),
    ).resolves.toMatchObject({ sub: ALICE.sub });
    // Tokens signed before still refresh: the refresh token is not a JWT.
    const refreshed = await postForm(rotating, "/oauth2/token", {
      grant_type: "refresh_token",
      client_id: CLIENT_ID,
      refresh_token: first.body.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(headerOf(refreshed.body.access_token as string).kid).toBe(kids[0]);

    await rotating.rotateKeys({ keepPrevious: true });
    const both = await jwksKids(rotating);
    expect(both).toHaveLength(2);
    expect(both[1]).toBe(kids[0]);
    const third = await tokensFor(rotating, ALICE);
    expect(headerOf(third.body.id_token as string).kid).toBe(both[0]);
  });

  it("close() stops the server, and a second close() is harmless", async () => {
    const { origin } = rotating;
    await rotating.close();
    await expect(fetch(`${origin}/oauth2/authorize`)).rejects.toThrow();
    await rotating.close();
    await expect(rotating.tokenRequests()).rejects.toThrow(/not running/);
  });
});
