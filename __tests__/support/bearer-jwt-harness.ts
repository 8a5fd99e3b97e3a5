// A bearer-JWT gate wired to a loopback issuer: one signing key, a JWKS
// server, a config pointing at both, and the handler built from it with the
// same createHandler the deployed bundle uses. Its JWKS fetches get a
// generous time limit: they are expected to succeed, however busy the
// machine (time-outs are proved against a server that never answers).
import type { BearerJwtConfig } from "../../functions/bearer-jwt/config";
import { createHandler, type ViewerRequestHandler } from "../../functions/bearer-jwt/handler";
import {
  accessTokenClaims,
  CLIENT_ID,
  generateSigningKey,
  signRs256,
  type SigningKey,
} from "./jwt-fixtures";
import { startJwksServer, type JwksServer } from "./jwks-server";
import { GENEROUS_TIMEOUT_MS } from "./timing-harness";

let sharedKey: SigningKey | undefined;

/** One RSA key per test file: generating 2048-bit keys is the slow part of these tests. */
export function primaryKey(): SigningKey {
  sharedKey ??= generateSigningKey("edge-gate-key-1");
  return sharedKey;
}

export const LOGIN_URL = "https://auth.example.com/login";
export const IDENTITY_HEADER = "x-auth-sub";
export const REALM = "edge-gate";
export const APP_ORIGIN = "https://app.example.com";

/** The handler for `config`, its JWKS fetches given a generous time limit. */
export function handlerFor(config: unknown): ViewerRequestHandler {
  return createHandler(config, { outboundTimeoutMs: GENEROUS_TIMEOUT_MS });
}

/** A config; its own jwksFetchTimeoutMs matters only to handlers built without handlerFor. */
export function bearerConfig(
  server: Pick<JwksServer, "issuer" | "jwksUri">,
  key: SigningKey,
  overrides: Partial<BearerJwtConfig> = {},
): BearerJwtConfig {
  return {
    issuer: server.issuer,
    jwksUri: server.jwksUri,
    jwks: { keys: [key.jwk] },
    clientIds: [CLIENT_ID, "second-client-id"],
    clockSkewSeconds: 30,
    jwksFetchTimeoutMs: 1000,
    tokenQueryParameter: null,
    loginUrl: LOGIN_URL,
    corsAllowedOrigins: [APP_ORIGIN],
    identityHeader: IDENTITY_HEADER,
    realm: REALM,
    rules: {
      publicPrefixes: ["/public/", "/index.html"],
      groupPrefixes: [
        { group: "readers", prefix: "/shared/" },
        { group: "admins", prefix: "/admin/" },
      ],
      userPrefixes: ["/users/{sub}/"],
    },
    ...overrides,
  };
}

export interface Harness {
  key: SigningKey;
  server: JwksServer;
  config: BearerJwtConfig;
  handle: ViewerRequestHandler;
  /** A handler for the default config with `overrides` applied. */
  handlerWith: (overrides: Partial<BearerJwtConfig>) => ViewerRequestHandler;
  /** A valid access token, with claim overrides. */
  token: (claims?: Record<string, unknown>) => string;
  close: () => Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const key = primaryKey();
  const server = await startJwksServer({ kind: "serve", jwks: { keys: [key.jwk] } });
  const config = bearerConfig(server, key);
  return {
    key,
    server,
    config,
    handle: handlerFor(config),
    handlerWith: (overrides) => handlerFor({ ...config, ...overrides }),
    token: (claims = {}) => signRs256(key, accessTokenClaims(server.issuer, claims)),
    close: () => server.close(),
  };
}
