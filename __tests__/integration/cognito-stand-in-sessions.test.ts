// The Cognito stand-in after sign-in: refresh-token revocation, /logout, the
// failure knobs tests rely on, key rotation and its own lifecycle.
import { startCognitoStandIn, type CognitoStandIn } from "../support/cognito-stand-in";
import {
  CLIENT_ID,
  LOGOUT_URI,
  ALICE,
  BOB,
  clients,
  redeem,
  postForm,
  codeFor,
  tokensFor,
  verifiersFor,
  headerOf,
  jwksKids,
} from "../support/cognito-stand-in-client";

let standIn: CognitoStandIn;

beforeAll(async () => {
  standIn = await startCognitoStandIn({ users: [ALICE, BOB], clients });
});
afterAll(() => standIn?.close());

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
