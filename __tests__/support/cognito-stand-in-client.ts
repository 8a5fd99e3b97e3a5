// A client of the Cognito stand-in for its own tests: the users and app
// clients it is started with, PKCE logins, form posts to its endpoints, code
// and token helpers, and aws-jwt-verify verifiers for its tokens (their JWKS
// fetches, expected to succeed, with a generous time limit).
import { createHash, randomBytes } from "node:crypto";
import { JwtVerifier } from "aws-jwt-verify/jwt-verifier";
import type { JwtHeader } from "aws-jwt-verify/jwt-model";
import { createJwksCache } from "../../functions/shared/jwks-cache";
import { signInThroughHostedUi, type CognitoStandIn, type StandInUser } from "./cognito-stand-in";
import { GENEROUS_TIMEOUT_MS } from "./timing-harness";

export const CLIENT_ID = "4pq8standinexampleclient01";
export const OTHER_CLIENT_ID = "7zz1standinotherclient0002";
export const REDIRECT_URI = "https://d111111abcdef8.cloudfront.net/_identity/callback";
export const LOGOUT_URI = "https://d111111abcdef8.cloudfront.net/signed-out.html";

export const ALICE: StandInUser = {
  username: "alice",
  password: "correct horse battery staple",
  sub: "3b9f1e0c-5a7d-4c2e-9f61-0d8a4b7c2e11",
  email: "alice@example.com",
  groups: ["readers", "admins"],
};
export const BOB: StandInUser = {
  username: "bob",
  password: "hunter2hunter2",
  sub: "8c2d4f6a-1b3e-4d5f-a7b9-c1d3e5f7a9b2",
  email: "bob@example.com",
  groups: [],
};

export const clients = [
  { clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], logoutUris: [LOGOUT_URI] },
  {
    clientId: OTHER_CLIENT_ID,
    redirectUris: ["http://127.0.0.1:9/callback"],
    logoutUris: ["http://127.0.0.1:9/bye"],
  },
];

export function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface Login {
  state: string;
  nonce: string;
  verifier: string;
  url: string;
}

export function newLogin(
  on: CognitoStandIn,
  overrides: Record<string, string | undefined> = {},
): Login {
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

export async function postForm(
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

export const redeem = (on: CognitoStandIn, code: string, verifier: string) =>
  postForm(on, "/oauth2/token", {
    grant_type: "authorization_code",
    client_id: CLIENT_ID,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });

/** Signs `user` in and returns the code from the callback, with the login it belongs to. */
export async function codeFor(on: CognitoStandIn, user: StandInUser = ALICE) {
  const login = newLogin(on);
  const callback = await signInThroughHostedUi(login.url, user);
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
  expect(callback.searchParams.get("state")).toBe(login.state);
  const code = callback.searchParams.get("code");
  if (code === null) throw new Error(`no code in ${callback.toString()}`);
  return { login, code };
}

export async function tokensFor(on: CognitoStandIn, user: StandInUser = ALICE) {
  const { login, code } = await codeFor(on, user);
  const answer = await redeem(on, code, login.verifier);
  expect(answer.status).toBe(200);
  return { login, body: answer.body as Record<string, string | number> };
}

export function verifiersFor(on: CognitoStandIn) {
  return {
    id: JwtVerifier.create(
      { issuer: on.issuer, audience: CLIENT_ID, jwksUri: on.jwksUri },
      { jwksCache: createJwksCache(GENEROUS_TIMEOUT_MS) },
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
      { jwksCache: createJwksCache(GENEROUS_TIMEOUT_MS) },
    ),
  };
}

export function headerOf(jwt: string): JwtHeader {
  return JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString("utf8")) as JwtHeader;
}

export async function jwksKids(on: CognitoStandIn): Promise<string[]> {
  const response = await fetch(on.jwksUri);
  expect(response.status).toBe(200);
  const jwks = (await response.json()) as { keys: { kid: string; alg: string; kty: string }[] };
  for (const key of jwks.keys) expect(key).toMatchObject({ kty: "RSA", alg: "RS256" });
  return jwks.keys.map((key) => key.kid);
}
