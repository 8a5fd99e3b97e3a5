// The Cognito stand-in's server process: oidc-provider (ESM-only, hence a
// plain .mjs child of the CommonJS test process) on 127.0.0.1, dressed as the
// Cognito hosted UI and user pool. Started by ./index.ts. Its parts: the
// token claims (access-tokens.mjs), signing keys (signing-keys.mjs),
// oidc-provider's storage (store-adapter.mjs), HTML (pages.mjs) and request
// bodies (request-body.mjs); here, the provider and the routes Cognito has
// and oidc-provider does not.
//
// Protocol with the parent:
//   stdin, first line: the configuration as JSON ({ poolId, users, clients, tokenTtlSeconds });
//   stdin closing (parent gone or close()): the process exits;
//   stdout: one JSON line {"ready":true,"port":<port>} once listening, nothing else
//   (console output goes to stderr, oidc-provider's known notices are dropped);
//   control: HTTP under /_stand-in/ on the same port, JSON in and out, for
//   loopback callers that name 127.0.0.1:<port> as host (never a web page).
/* global console */
import * as crypto from "node:crypto";
import * as http from "node:http";
import * as readline from "node:readline";
import { accessTokenClaims, mintRequestProblem } from "./access-tokens.mjs";
import { details, page, signInPage } from "./pages.mjs";
import { readBody, readForm } from "./request-body.mjs";
import { newSigningKey, signJwt, verifiedPayload } from "./signing-keys.mjs";
import { StandInAdapter } from "./store-adapter.mjs";

// oidc-provider warns on import that it wants Node 22 (it runs on 20), and
// prints notices for the defaults it uses. None of that is news to a test
// run; anything else is kept.
const NOISE = [/^oidc-provider WARNING: Unsupported runtime/, /^oidc-provider NOTICE: /];
for (const level of ["log", "info", "warn", "error", "debug"]) {
  console[level] = (...args) => {
    const text = args.map((arg) => (arg instanceof Error ? arg.stack : String(arg))).join(" ");
    if (!NOISE.some((pattern) => pattern.test(text))) process.stderr.write(`${text}\n`);
  };
}

// RSA key generation (libuv thread pool) and loading oidc-provider (main
// thread) overlap: together they are most of the start-up time.
const firstKey = newSigningKey();
const oidcProvider = import("oidc-provider");

const config = await new Promise((resolve, reject) => {
  const lines = readline.createInterface({ input: process.stdin });
  lines.once("line", (line) => {
    try {
      resolve(JSON.parse(line));
    } catch (err) {
      reject(err);
    }
  });
  // The parent holds stdin open for as long as it wants this process.
  lines.once("close", () => process.exit(0));
});

const { default: Provider, errors } = await oidcProvider;

const TOKEN_TTL = config.tokenTtlSeconds ?? 3600;
/** Cognito: authorization codes live 5 minutes, refresh tokens 30 days by default. */
const CODE_TTL = 300;
const REFRESH_TTL = 30 * 24 * 3600;
const SCOPES = ["openid", "email", "profile"];
/** With COGNITO_STAND_IN_DEBUG=1, why oidc-provider refused requests goes to stderr too. */
const DEBUG = process.env.COGNITO_STAND_IN_DEBUG === "1";

const usersBySub = new Map(config.users.map((user) => [user.sub, user]));
const usersByName = new Map(config.users.map((user) => [user.username, user]));
const clientsById = new Map(config.clients.map((client) => [client.clientId, client]));

/** What the test side can read back, and the failure it asked for. */
const record = { revokedTokens: [], logouts: [], tokenRequests: 0 };
let tokenEndpointFailure = "off";

/** jti of each JWT access token we minted → the provider's opaque access token behind it. */
const accessTokenIds = new Map();

// ---------------------------------------------------------------- keys

/** Signing keys, current first; the JWKS lists them all (public parts). */
let signingKeys = [await firstKey];

// ---------------------------------------------------------------- server

const server = http.createServer((req, res) => handle(req, res));
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();
const origin = `http://127.0.0.1:${port}`;
const poolPath = `/${config.poolId}`;
const issuer = `${origin}${poolPath}`;
/** Cookie signing keys, kept across provider rebuilds so sessions and interactions survive them. */
const cookieKeys = [crypto.randomBytes(32).toString("base64url")];

let provider;
let handle;

/**
 * (Re)builds the provider around the current signing keys. oidc-provider
 * loads its key set once, so a key rotation is a new instance; its in-memory
 * adapter keeps sessions, codes and tokens for the whole process.
 */
function buildProvider() {
  provider = new Provider(issuer, providerConfiguration());
  provider.use(standInRoutes);
  provider.on("server_error", (_ctx, err) => console.error("stand-in server error:", err));
  if (DEBUG) {
    for (const event of ["authorization.error", "grant.error", "revocation.error"]) {
      provider.on(event, (_ctx, err) =>
        console.error(`stand-in ${event}: ${err.error} (${err.error_detail ?? err.message})`),
      );
    }
  }
  handle = provider.callback();
}

function providerConfiguration() {
  return {
    adapter: StandInAdapter,
    clients: config.clients.map((client) => ({
      client_id: client.clientId,
      token_endpoint_auth_method: "none",
      redirect_uris: client.redirectUris,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    })),
    jwks: { keys: signingKeys.map((key) => key.jwk) },
    cookies: { keys: cookieKeys },
    scopes: SCOPES,
    claims: {
      // auth_time always, as Cognito (oidc-provider adds it only when asked).
      openid: ["sub", "auth_time", "cognito:username", "cognito:groups", "token_use"],
      email: ["email", "email_verified"],
      profile: [],
    },
    // Cognito puts the user's attributes in the ID token of a code flow too.
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    pkce: { required: () => true },
    // Cognito wants redirect_uri in every code exchange.
    allowOmittingSingleRegisteredRedirectUri: false,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      // /oauth2/userInfo is ours: it takes the JWT access tokens we mint.
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      resourceIndicators: { enabled: false },
    },
    routes: {
      authorization: "/oauth2/authorize",
      token: "/oauth2/token",
      revocation: "/oauth2/revoke",
      jwks: `${poolPath}/.well-known/jwks.json`,
    },
    interactions: { url: (_ctx, interaction) => `/login/${interaction.uid}` },
    findAccount,
    // Cognito issues a refresh token with every code, does not rotate it, and
    // its tokens do not end with the hosted-UI session.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: false,
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: TOKEN_TTL,
      IdToken: TOKEN_TTL,
      AuthorizationCode: CODE_TTL,
      RefreshToken: REFRESH_TTL,
      Interaction: 3600,
      Session: 3600,
      Grant: REFRESH_TTL,
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = page(
        "Error",
        `<h1>An error was encountered with the requested page.</h1>${details(out)}`,
      );
    },
  };
}

async function findAccount(_ctx, sub) {
  const user = usersBySub.get(sub);
  if (!user) return undefined;
  return {
    accountId: sub,
    async claims(use) {
      return {
        sub,
        "cognito:username": user.username,
        "cognito:groups": user.groups.length > 0 ? user.groups : undefined,
        token_use: use === "id_token" ? "id" : undefined,
        email: user.email,
        email_verified: true,
      };
    },
  };
}

/** Revocation of the client's own refresh tokens only; each one revoked is recorded. */
async function revocationAllowed(ctx, client, token) {
  if (token.clientId !== client.clientId) return false;
  if (token.kind === "RefreshToken") record.revokedTokens.push(ctx.oidc.params.token);
  return true;
}

// ---------------------------------------------------------------- routes

/** Runs before oidc-provider's own routes. */
async function standInRoutes(ctx, next) {
  const { method, path } = ctx;
  if (path === "/oauth2/token" && method === "POST") return tokenEndpoint(ctx, next);
  if (path === "/oauth2/userInfo" && (method === "GET" || method === "POST")) return userInfo(ctx);
  if (path === "/logout" && method === "GET") return logout(ctx);
  if (path === `${poolPath}/.well-known/openid-configuration`) {
    // Cognito serves discovery under the issuer; oidc-provider at the root.
    ctx.path = "/.well-known/openid-configuration";
    return next();
  }
  const login = /^\/login\/([A-Za-z0-9_-]+)(\/cancel)?$/.exec(path);
  if (login) return loginPage(ctx, login[1], login[2] !== undefined);
  if (path.startsWith("/_stand-in/")) return control(ctx);
  return next();
}

async function tokenEndpoint(ctx, next) {
  record.tokenRequests += 1;
  if (tokenEndpointFailure === "server-error") {
    ctx.status = 500;
    ctx.body = { error: "server_error" };
    return;
  }
  if (tokenEndpointFailure === "invalid-grant") {
    ctx.status = 400;
    ctx.body = { error: "invalid_grant" };
    return;
  }
  await next();
  if (ctx.status !== 200 || typeof ctx.body?.access_token !== "string") return;

  // oidc-provider's access token (opaque here) becomes a Cognito access
  // token: a JWT with client_id and no aud, which oidc-provider cannot make.
  const { AccessToken: at, AuthorizationCode: code, RefreshToken: rt } = ctx.oidc.entities;
  const user = usersBySub.get(at.accountId);
  const iat = Math.floor(Date.now() / 1000);
  const jti = crypto.randomUUID();
  accessTokenIds.set(jti, ctx.body.access_token);
  const accessToken = signJwt(
    signingKeys,
    accessTokenClaims({
      user,
      issuer,
      clientId: at.clientId,
      scope: at.scope,
      authTime: (code ?? rt).authTime,
      iat,
      exp: iat + TOKEN_TTL,
      jti,
    }),
  );
  const refreshed = ctx.oidc.params.grant_type === "refresh_token";
  // Cognito's answer: no scope, and no refresh_token when refreshing.
  ctx.body = {
    id_token: ctx.body.id_token,
    access_token: accessToken,
    ...(refreshed ? {} : { refresh_token: ctx.body.refresh_token }),
    expires_in: ctx.body.expires_in,
    token_type: "Bearer",
  };
}

async function userInfo(ctx) {
  const bearer = /^Bearer (\S+)$/.exec(ctx.get("authorization"));
  const claims = bearer ? verifiedPayload(signingKeys, bearer[1]) : undefined;
  const opaque = claims?.token_use === "access" ? accessTokenIds.get(claims.jti) : undefined;
  // Gone from the provider once expired or revoked with its refresh token.
  const stored = opaque ? await provider.AccessToken.find(opaque) : undefined;
  const user = stored ? usersBySub.get(claims.sub) : undefined;
  if (!user || claims.iss !== issuer || claims.exp <= Date.now() / 1000) {
    ctx.status = 401;
    ctx.set("www-authenticate", 'Bearer error="invalid_token"');
    ctx.body = { error: "invalid_token", error_description: "Access token is not valid" };
    return;
  }
  // Cognito's userInfo answers email_verified as a string.
  ctx.body = { sub: user.sub, email_verified: "true", email: user.email, username: user.username };
}

async function logout(ctx) {
  const clientId = ctx.query.client_id;
  const logoutUri = ctx.query.logout_uri;
  const client = typeof clientId === "string" ? clientsById.get(clientId) : undefined;
  if (!client || typeof logoutUri !== "string" || !client.logoutUris.includes(logoutUri)) {
    ctx.status = 400;
    ctx.type = "html";
    ctx.body = page(
      "Error",
      "<h1>An error was encountered with the requested page.</h1><p>Invalid logout request: unknown client or unregistered logout_uri.</p>",
    );
    return;
  }
  // Ends the hosted-UI session, as Cognito does.
  const session = await provider.Session.get(ctx);
  await session.destroy();
  record.logouts.push({ clientId, logoutUri });
  ctx.redirect(logoutUri);
}

async function loginPage(ctx, uid, cancel) {
  let interaction;
  try {
    interaction = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (err) {
    if (!(err instanceof errors.SessionNotFound)) throw err;
  }
  if (!interaction || interaction.uid !== uid) {
    ctx.status = 400;
    ctx.type = "html";
    ctx.body = page("Error", "<h1>Your login session has expired or is unknown.</h1>");
    return;
  }

  if (ctx.method === "GET" && !cancel) {
    ctx.type = "html";
    ctx.body = signInPage(uid, undefined);
    return;
  }
  if (ctx.method !== "POST") {
    ctx.status = 405;
    return;
  }

  if (cancel) {
    // What the hosted UI sends the client when the user does not sign in.
    finish(
      ctx,
      await provider.interactionResult(
        ctx.req,
        ctx.res,
        { error: "access_denied", error_description: "User cancelled the sign-in" },
        { mergeWithLastSubmission: false },
      ),
    );
    return;
  }

  const form = await readForm(ctx.req);
  const user = usersByName.get(form.get("username") ?? "");
  if (!user || user.password !== form.get("password")) {
    ctx.type = "html";
    ctx.body = signInPage(uid, "Incorrect username or password.");
    return;
  }

  // The login result alone is not enough: the consent prompt wants a Grant
  // that covers the requested scopes.
  const { params } = interaction;
  const grant = new provider.Grant({ accountId: user.sub, clientId: params.client_id });
  const requested = String(params.scope ?? "").split(" ");
  grant.addOIDCScope(SCOPES.filter((scope) => requested.includes(scope)).join(" "));
  const grantId = await grant.save();
  finish(
    ctx,
    await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: user.sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    ),
  );
}

function finish(ctx, returnTo) {
  ctx.redirect(returnTo);
  ctx.status = 303;
}

const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Why a control call is refused, or null. A page in a browser on this
 * machine can reach the port: with a text/plain POST (no preflight), or
 * through a name rebound to 127.0.0.1 (then the Host is that name). Neither
 * may rotate keys or mint a token.
 */
function controlRefusal(ctx) {
  if (!LOOPBACK_ADDRESSES.has(ctx.req.socket.remoteAddress)) {
    return { status: 403, error: "control routes answer loopback callers only" };
  }
  if (ctx.get("host") !== `127.0.0.1:${port}`) {
    return { status: 403, error: "control routes answer requests to 127.0.0.1 only" };
  }
  const from = ctx.get("origin");
  if (from !== "" && from !== origin) {
    return { status: 403, error: "control routes do not answer web pages" };
  }
  if (ctx.method === "POST" && ctx.is("application/json") !== "application/json") {
    return { status: 415, error: "control calls send application/json" };
  }
  return null;
}

/**
 * An access token for any user and client of the stand-in, with the exp and
 * iat asked (an expired one too), signed with the current key exactly as the
 * token endpoint signs. No opaque token stands behind it: /oauth2/userInfo
 * and revocation do not know it.
 */
async function mintAccessToken(ctx) {
  let request;
  try {
    request = JSON.parse((await readBody(ctx.req)).toString("utf8"));
  } catch {
    request = undefined;
  }
  const problem = mintRequestProblem(request, { usersByName, clientsById });
  if (problem !== null) {
    ctx.status = 400;
    ctx.body = { error: problem };
    return;
  }
  const { username, clientId, exp, iat } = request;
  const accessToken = signJwt(
    signingKeys,
    accessTokenClaims({
      user: usersByName.get(username),
      issuer,
      clientId,
      scope: SCOPES.join(" "),
      authTime: iat,
      iat,
      exp,
      jti: crypto.randomUUID(),
    }),
  );
  ctx.body = { access_token: accessToken };
}

async function control(ctx) {
  const refusal = controlRefusal(ctx);
  if (refusal !== null) {
    ctx.status = refusal.status;
    ctx.body = { error: refusal.error };
    return;
  }
  const { method, path } = ctx;
  if (method === "POST" && path === "/_stand-in/access-token") return mintAccessToken(ctx);
  if (method === "GET" && path === "/_stand-in/state") {
    ctx.body = { ...record, tokenEndpointFailure, kids: signingKeys.map((key) => key.kid) };
    return;
  }
  if (method === "POST" && path === "/_stand-in/token-endpoint") {
    const { mode } = JSON.parse((await readBody(ctx.req)).toString("utf8"));
    if (!["off", "server-error", "invalid-grant"].includes(mode)) {
      ctx.status = 400;
      ctx.body = { error: `unknown mode ${String(mode)}` };
      return;
    }
    tokenEndpointFailure = mode;
    ctx.body = { tokenEndpointFailure };
    return;
  }
  if (method === "POST" && path === "/_stand-in/rotate-keys") {
    const { keepPrevious = false } = JSON.parse((await readBody(ctx.req)).toString("utf8") || "{}");
    const next = await newSigningKey();
    signingKeys = keepPrevious ? [next, ...signingKeys] : [next];
    buildProvider();
    ctx.body = { kids: signingKeys.map((key) => key.kid) };
    return;
  }
  ctx.status = 404;
  ctx.body = { error: "unknown control route" };
}

buildProvider();
// oidc-provider checks client metadata on first use; a bad client should stop the start instead.
for (const { clientId } of config.clients) {
  try {
    if (!(await provider.Client.find(clientId))) throw new Error("not found");
  } catch (err) {
    console.error(`client ${clientId} is invalid: ${err.error_description ?? err.message}`);
    process.exit(1);
  }
}
process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);
