// The Cognito stand-in is Cognito-shaped where our code can see it: the
// hosted UI's routes and discovery, a PKCE code flow for a public client, and
// RS256 tokens with Cognito's claims (checked with aws-jwt-verify), and access
// tokens minted on request with any exp, signed the same way.
import * as http from "node:http";
import { JwtExpiredError } from "aws-jwt-verify/error";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import { createJwksCache } from "../../functions/shared/jwks-cache";
import {
  signInThroughHostedUi,
  startCognitoStandIn,
  type CognitoStandIn,
} from "../support/cognito-stand-in";
import {
  CLIENT_ID,
  REDIRECT_URI,
  ALICE,
  BOB,
  clients,
  redeem,
  pkcePair,
  newLogin,
  postForm,
  codeFor,
  tokensFor,
  verifiersFor,
  headerOf,
  jwksKids,
} from "../support/cognito-stand-in-client";
import { GENEROUS_TIMEOUT_MS } from "../support/timing-harness";

let standIn: CognitoStandIn;

beforeAll(async () => {
  standIn = await startCognitoStandIn({ users: [ALICE, BOB], clients });
});
afterAll(() => standIn?.close());

describe("start-up", () => {
  it("listens on loopback with a Cognito-shaped issuer and its JWKS under it", async () => {
    expect(standIn.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standIn.issuer).toBe(`${standIn.origin}/eu-west-1_EdgeGate9`);
    expect(standIn.jwksUri).toBe(`${standIn.issuer}/.well-known/jwks.json`);
    expect(await jwksKids(standIn)).toHaveLength(1);
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

describe("minted access tokens (/_stand-in/access-token)", () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const payloadOf = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8")) as JwtPayload;

  /** A raw call to the route, for what the typed client never sends. */
  const mintRaw = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${standIn.origin}/_stand-in/access-token`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });

  it("mints an access token signed and shaped like its real ones, with the exp and iat asked", async () => {
    const { body } = await tokensFor(standIn, ALICE);
    const real = body.access_token as string;
    const iat = nowSeconds();
    const exp = iat + 600;

    const minted = await standIn.mintAccessToken({
      username: ALICE.username,
      clientId: CLIENT_ID,
      exp,
      iat,
    });

    // The same key and header as the token endpoint's, and aws-jwt-verify takes it.
    expect(headerOf(minted)).toEqual(headerOf(real));
    const verified = await verifiersFor(standIn).access.verify(minted);
    const claims = payloadOf(real);
    expect(Object.keys(verified).sort()).toEqual(Object.keys(claims).sort());
    expect(verified).toEqual({
      ...claims,
      exp,
      iat,
      auth_time: iat,
      jti: expect.any(String),
    });
    expect(verified.jti).not.toBe(claims.jti);

    const forBob = payloadOf(
      await standIn.mintAccessToken({ username: BOB.username, clientId: CLIENT_ID, exp, iat }),
    );
    expect(forBob).toMatchObject({ sub: BOB.sub, username: BOB.username, client_id: CLIENT_ID });
    expect("cognito:groups" in forBob).toBe(false);
  });

  it("mints an expired token that nothing but its expiry makes unacceptable", async () => {
    const now = nowSeconds();
    const expired = await standIn.mintAccessToken({
      username: ALICE.username,
      clientId: CLIENT_ID,
      exp: now - 3600,
      iat: now - 7200,
    });
    await expect(verifiersFor(standIn).access.verify(expired)).rejects.toThrow(JwtExpiredError);
    // Allowed two hours of leeway, the same verifier finds nothing else wrong.
    const lenient = JwtVerifier.create(
      { issuer: standIn.issuer, audience: null, jwksUri: standIn.jwksUri, graceSeconds: 2 * 3600 },
      { jwksCache: createJwksCache(GENEROUS_TIMEOUT_MS) },
    );
    expect(await lenient.verify(expired)).toMatchObject({
      sub: ALICE.sub,
      client_id: CLIENT_ID,
      token_use: "access",
      exp: now - 3600,
      iat: now - 7200,
    });
  });

  it("refuses to mint for an unknown user or client, or for times that are not whole seconds in order", async () => {
    const now = nowSeconds();
    const good = { username: ALICE.username, clientId: CLIENT_ID, exp: now + 60, iat: now };
    const bad: unknown[] = [
      { ...good, username: "mallory" },
      { ...good, clientId: "not-a-registered-client" },
      { ...good, exp: now + 0.5 },
      { ...good, exp: String(now + 60) },
      { ...good, iat: undefined },
      { ...good, iat: now + 61 },
      [good],
      null,
    ];
    for (const request of bad) {
      const response = await mintRaw(JSON.stringify(request));
      expect({ request, status: response.status }).toEqual({ request, status: 400 });
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    const notJson = await mintRaw("{");
    expect(notJson.status).toBe(400);
  });

  it("takes control calls only as JSON, from a loopback caller naming the stand-in as host", async () => {
    const now = nowSeconds();
    const request = JSON.stringify({
      username: ALICE.username,
      clientId: CLIENT_ID,
      exp: now + 60,
      iat: now,
    });
    // A page elsewhere can post text/plain without a preflight; it is refused.
    const plain = await mintRaw(request, { "content-type": "text/plain" });
    expect(plain.status).toBe(415);
    expect(await plain.text()).not.toContain("access_token");
    const fromPage = await mintRaw(request, { origin: "http://evil.example" });
    expect(fromPage.status).toBe(403);
    expect(await fromPage.text()).not.toContain("access_token");
    // A name rebound to 127.0.0.1 reaches the port, but not with the stand-in's host.
    const rebound = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const call = http.request(
        `${standIn.origin}/_stand-in/access-token`,
        {
          method: "POST",
          headers: { host: "evil.example", "content-type": "application/json" },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      call.on("error", reject);
      call.end(request);
    });
    expect(rebound.status).toBe(403);
    expect(rebound.text).not.toContain("access_token");
    // The other control routes are held to the same rule.
    const failure = await fetch(`${standIn.origin}/_stand-in/token-endpoint`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ mode: "server-error" }),
    });
    expect(failure.status).toBe(415);
    const state = await fetch(`${standIn.origin}/_stand-in/state`);
    expect(await state.json()).toMatchObject({ tokenEndpointFailure: "off" });
  });
});
