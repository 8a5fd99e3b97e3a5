// A stand-in for the Amazon Cognito hosted UI and user pool on 127.0.0.1: a
// real OAuth2/OpenID Connect server (oidc-provider) with Cognito's routes,
// issuer shape and token claims, so tests can run a whole login over HTTP
// against code that talks to Cognito in production. oidc-provider is
// ESM-only and jest runs CommonJS here, so the server is a child process
// (./server.mjs); this module starts it, reads its port from stdout and
// controls it over HTTP routes under /_stand-in/ (loopback callers only; one
// mints correctly signed tokens with any exp). Its time limits only
// guard against a stuck child: they are generous, so a busy machine makes a
// start or a call slower, never a failure.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Socket } from "node:net";
import * as path from "node:path";
import * as readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { GENEROUS_TIMEOUT_MS } from "../timing";

/** Region and user pool id the stand-in's issuer is named after. */
export const STAND_IN_POOL_ID = "eu-west-1_EdgeGate9";

export interface StandInUser {
  username: string;
  password: string;
  sub: string;
  email: string;
  groups: string[];
}

export interface StandInClient {
  clientId: string;
  /** Callback URLs: the only redirect_uri values /oauth2/authorize accepts. */
  redirectUris: string[];
  /** Sign-out URLs: the only logout_uri values /logout redirects to. */
  logoutUris: string[];
}

export type TokenEndpointFailure = "off" | "server-error" | "invalid-grant";

/** An access token to mint: for a user and client of the stand-in, at the times given. */
export interface MintAccessTokenRequest {
  username: string;
  clientId: string;
  /** Expiry, in whole seconds since the epoch; a past one makes an expired token. */
  exp: number;
  /** Issue time (and auth_time), in whole seconds since the epoch; not after exp. */
  iat: number;
}

export interface CognitoStandIn {
  /** http://127.0.0.1:<port>: the hosted-UI base URL (/oauth2/authorize, /oauth2/token, /logout, ...). */
  origin: string;
  /** <origin>/<poolId> (eu-west-1_EdgeGate9 unless given), the iss of every token. */
  issuer: string;
  /** <issuer>/.well-known/jwks.json */
  jwksUri: string;
  /** Refresh tokens revoked at /oauth2/revoke so far, in order. */
  revokedTokens(): Promise<string[]>;
  /** Successful /logout calls (those redirected to a registered logout URI), in order. */
  logouts(): Promise<{ clientId: string; logoutUri: string }[]>;
  /** POST /oauth2/token requests received so far, failed ones included. */
  tokenRequests(): Promise<number>;
  /**
   * Until set back to "off", every POST /oauth2/token answers 500
   * {"error":"server_error"} or 400 {"error":"invalid_grant"} without looking
   * at the request (a code sent meanwhile is not consumed).
   */
  failTokenEndpoint(mode: TokenEndpointFailure): Promise<void>;
  /**
   * Signs with a new key (new kid) from now on. The JWKS then lists only the
   * new key or, with `keepPrevious`, the new key first and the ones it listed before.
   */
  rotateKeys(options?: { keepPrevious?: boolean }): Promise<void>;
  /**
   * An access token as the token endpoint would sign it now (current key,
   * Cognito's claims, the scopes of a hosted-UI login), but with the exp and
   * iat asked: a correctly signed expired token, for one.
   */
  mintAccessToken(request: MintAccessTokenRequest): Promise<string>;
  /** Stops the server process; resolves once it has exited. Safe to call twice. */
  close(): Promise<void>;
}

export interface StandInOptions {
  /** The user pool id the issuer is named after (<region>_<id>); STAND_IN_POOL_ID when omitted. */
  poolId?: string;
  users: StandInUser[];
  clients: StandInClient[];
  /** Lifetime of ID and access tokens; 3600 s (Cognito's default) when omitted. */
  tokenTtlSeconds?: number;
}

const SERVER_SCRIPT = path.join(__dirname, "server.mjs");
const START_TIMEOUT_MS = GENEROUS_TIMEOUT_MS;
/** After SIGTERM, how long before SIGKILL (either way close() resolves once it has exited). */
const STOP_GRACE_MS = 2_000;
const CONTROL_TIMEOUT_MS = GENEROUS_TIMEOUT_MS;
/** Last bytes of the child's stderr kept for error messages. */
const STDERR_TAIL = 4096;

type StandInProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** One call to a control route of the stand-in at `origin`; rejects unless it answers 200. */
async function controlRequest<T>(
  origin: string,
  method: "GET" | "POST",
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${origin}/_stand-in/${route}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`Cognito stand-in control ${route} answered ${response.status}: ${text}`);
  }
  return JSON.parse(text) as T;
}

/**
 * CognitoStandIn.mintAccessToken for a caller that only knows the stand-in's
 * origin (a local run hands out no more).
 */
export async function mintAccessTokenAt(
  origin: string,
  request: MintAccessTokenRequest,
): Promise<string> {
  const { access_token: token } = await controlRequest<{ access_token: string }>(
    origin,
    "POST",
    "access-token",
    request,
  );
  return token;
}

function checkOptions({ poolId, users, clients, tokenTtlSeconds }: StandInOptions): void {
  const duplicate = (values: string[]) => new Set(values).size !== values.length;
  if (duplicate(users.map((u) => u.username))) throw new Error("duplicate username");
  if (duplicate(users.map((u) => u.sub))) throw new Error("duplicate user sub");
  if (duplicate(clients.map((c) => c.clientId))) throw new Error("duplicate client id");
  if (clients.length === 0) throw new Error("the stand-in needs at least one client");
  if (poolId !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d_[A-Za-z0-9]+$/.test(poolId)) {
    throw new Error(`poolId must look like a Cognito user pool id (<region>_<id>); got ${poolId}`);
  }
  for (const client of clients) {
    if (client.redirectUris.length === 0) {
      throw new Error(`client ${client.clientId} needs at least one redirect URI`);
    }
  }
  if (
    tokenTtlSeconds !== undefined &&
    !(Number.isInteger(tokenTtlSeconds) && tokenTtlSeconds > 0)
  ) {
    throw new Error("tokenTtlSeconds must be a positive integer");
  }
}

export async function startCognitoStandIn(opts: StandInOptions): Promise<CognitoStandIn> {
  checkOptions(opts);
  const poolId = opts.poolId ?? STAND_IN_POOL_ID;
  const env = { ...process.env };
  // Whatever the test runner's Node options are, the child is a plain Node script.
  delete env.NODE_OPTIONS;
  const child: StandInProcess = spawn(process.execPath, [SERVER_SCRIPT], {
    stdio: ["pipe", "pipe", "pipe"],
    env,
  });

  let stderr = "";
  child.stderr.setEncoding("utf8");
  // Kept for error messages; shown as it comes with COGNITO_STAND_IN_DEBUG=1.
  const echo = process.env.COGNITO_STAND_IN_DEBUG === "1";
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
    if (echo) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    // A process that could not be spawned never exits.
    child.once("error", () => {
      if (child.pid === undefined) resolve();
    });
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ready line within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      const lines = readline.createInterface({ input: child.stdout });
      lines.on("line", (line) => {
        try {
          const message = JSON.parse(line) as { ready?: boolean; port?: number };
          if (message.ready === true && typeof message.port === "number") {
            clearTimeout(timer);
            resolve(message.port);
          }
        } catch {
          // Not a protocol line.
        }
      });
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`exited before ready (code ${code}, signal ${signal})`));
      });
      child.stdin.on("error", () => undefined); // EPIPE if the child died; the exit says why
      child.stdin.write(
        `${JSON.stringify({
          poolId,
          users: opts.users,
          clients: opts.clients,
          tokenTtlSeconds: opts.tokenTtlSeconds,
        })}\n`,
      );
    });
  } catch (err) {
    child.kill("SIGKILL");
    await exited;
    throw new Error(`Cognito stand-in did not start: ${String(err)}\n${stderr}`);
  }

  // From here on a forgotten close() must not keep the test runner alive; the
  // child exits by itself when its stdin closes with this process.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as Socket).unref();
  }

  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/${poolId}`;

  async function controlCall<T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> {
    if (hasExited) throw new Error(`Cognito stand-in is not running\n${stderr}`);
    return controlRequest<T>(origin, method, route, body);
  }

  interface State {
    revokedTokens: string[];
    logouts: { clientId: string; logoutUri: string }[];
    tokenRequests: number;
  }
  const state = () => controlCall<State>("GET", "state");

  return {
    origin,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    revokedTokens: async () => (await state()).revokedTokens,
    logouts: async () => (await state()).logouts,
    tokenRequests: async () => (await state()).tokenRequests,
    failTokenEndpoint: async (mode) => {
      await controlCall("POST", "token-endpoint", { mode });
    },
    rotateKeys: async (options = {}) => {
      await controlCall("POST", "rotate-keys", { keepPrevious: options.keepPrevious === true });
    },
    mintAccessToken: async (request) =>
      (await controlCall<{ access_token: string }>("POST", "access-token", request)).access_token,
    close: async () => {
      if (hasExited) return;
      child.stdin.end();
      child.kill("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const escalate = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, STOP_GRACE_MS);
      });
      await Promise.race([exited, escalate]);
      clearTimeout(timer);
      await exited;
    },
  };
}

export { signInThroughHostedUi } from "./hosted-ui-sign-in";
