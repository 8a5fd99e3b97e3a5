// The cookie issuer wired to loopback services: a Secrets Manager stand-in
// holding a real CloudFront signing key (RSA 2048 or ECDSA P-256), a
// preloaded JWKS for access tokens, function URL payload-2.0 events for
// /_auth/*, and a browser-like cookie jar that sends each cookie set only
// where its Path reaches, to be judged by the CloudFront-style verifier.
// Handlers get a generous time limit on every outbound call unless a test
// asks otherwise (see timing-harness.ts).
import * as crypto from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { CookieIssuerConfig } from "../../functions/cookie-issuer/config";
import {
  createHandler,
  type ApiResult,
  type CookieIssuerHandler,
  type HandlerOptions,
} from "../../functions/cookie-issuer/handler";
import type { KeyGroup } from "./cloudfront-signed-cookies";
import {
  accessTokenClaims,
  CLIENT_ID,
  generateSigningKey,
  signRs256,
  type SigningKey,
} from "./jwt-fixtures";
import { unusedOrigin } from "./jwks-server";
import { pooledKeyPair } from "./key-pool";
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from "./secrets-manager-stand-in";
import { apiEvent, useTestCredentials } from "./session-manager-harness";
import { GENEROUS_TIMEOUT_MS } from "./timing-harness";

export { useTestCredentials };
export const SITE_ORIGIN = "https://d111111abcdef8.cloudfront.net";
export const KEY_PAIR_ID = "K2JCJMDEHXQW5F";
export const SECRET_NAME = "edge-gate/cloudfront-signing-key";
export const HOSTED_UI_CLIENT_ID = "6b2cookieissuerbrowserclient";
export const APP_ORIGIN = "https://app.example.com";

export type CloudFrontKeyKind = "rsa" | "ec";

export interface CloudFrontKey {
  /** PEM as stored in the secret (PKCS#8 unless asked otherwise). */
  pem: string;
  publicKey: crypto.KeyObject;
}

/** A CloudFront key pair, distinct from every other this suite took (key-pool.ts); `legacy` stores the key as PKCS#1 (RSA) or SEC1 (EC) PEM. */
export function generateCloudFrontKey(
  kind: CloudFrontKeyKind,
  legacy = false,
  modulusLength = 2048,
): CloudFrontKey {
  const { privateKey, publicKey } = pooledKeyPair(
    kind === "rsa" ? { type: "rsa", modulusLength } : { type: "ec", namedCurve: "P-256" },
  );
  const type = legacy ? (kind === "rsa" ? "pkcs1" : "sec1") : "pkcs8";
  return { pem: privateKey.export({ type, format: "pem" }) as string, publicKey };
}

/** The trusted key group of the distribution: one public key under KEY_PAIR_ID. */
export function keyGroupOf(key: CloudFrontKey, keyPairId = KEY_PAIR_ID): KeyGroup {
  return new Map([[keyPairId, key.publicKey]]);
}

export interface IssuerConfigInput {
  secrets: Pick<SecretsManagerStandIn, "endpoint" | "region">;
  /** The access-token issuer's JWKS, as Terraform reads it at apply time. */
  jwks: CookieIssuerConfig["jwks"];
  issuer: string;
  hostedUiBaseUrl: string;
}

export function issuerConfig(
  input: IssuerConfigInput,
  overrides: Partial<CookieIssuerConfig> = {},
): CookieIssuerConfig {
  return {
    siteOrigin: SITE_ORIGIN,
    basePath: "/_auth",
    hostedUi: {
      baseUrl: input.hostedUiBaseUrl,
      clientId: HOSTED_UI_CLIENT_ID,
      scopes: ["openid", "email", "profile"],
      issuer: input.issuer,
      jwksUri: `${input.issuer}/.well-known/jwks.json`,
    },
    jwks: input.jwks,
    accessTokenClientIds: [CLIENT_ID],
    signingKey: { keyPairId: KEY_PAIR_ID, secretId: SECRET_NAME },
    hashAlgorithm: "SHA256",
    secretsManager: { region: input.secrets.region, endpoint: input.secrets.endpoint },
    cookieLifetimeSeconds: 3600,
    signedUrlLifetimeSeconds: 300,
    cookieDomain: null,
    rules: {
      groupPrefixes: [
        { group: "readers", prefix: "/shared/" },
        { group: "auditors", prefix: "/reports/summary.pdf" },
      ],
      userPrefixes: ["/users/{sub}/"],
    },
    corsAllowedOrigins: [APP_ORIGIN],
    afterLogoutPath: "/signed-out.html",
    ...overrides,
  };
}

export interface IssuerEventOptions {
  cookies?: string[];
  headers?: Record<string, string>;
}

/**
 * A function URL event (payload 2.0) for the issuer's routes, through
 * CloudFront: a viewer's Authorization arrives as x-gate-viewer-authorization
 * (the distribution's CloudFront Function copies it), since the origin
 * signature takes the Authorization header.
 */
export function issuerEvent(
  method: string,
  target: string,
  options: IssuerEventOptions = {},
): APIGatewayProxyEventV2 {
  const event = apiEvent(method, target, options.cookies ?? []);
  const viewer = { ...options.headers };
  for (const name of Object.keys(viewer)) {
    if (name.toLowerCase() === "authorization") {
      viewer["x-gate-viewer-authorization"] = viewer[name];
      delete viewer[name];
    }
  }
  return { ...event, headers: { ...event.headers, ...viewer } };
}

export const bearerHeaders = (token: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...extra,
});

/** The JSON body of an answer. */
export function bodyOf(result: ApiResult): Record<string, unknown> {
  return JSON.parse(result.body ?? "null") as Record<string, unknown>;
}

export interface ParsedSetCookie {
  name: string;
  value: string;
  /** Attribute names in lowercase; flag attributes map to "". */
  attributes: Map<string, string>;
}

export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair, ...rest] = line.split(";").map((part) => part.trim());
  const eq = pair.indexOf("=");
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const at = attribute.indexOf("=");
    attributes.set(
      (at === -1 ? attribute : attribute.slice(0, at)).toLowerCase(),
      at === -1 ? "" : attribute.slice(at + 1),
    );
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

/** RFC 6265 5.1.4: the path itself, or anything below it at a "/" boundary. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  const boundary = cookiePath.endsWith("/") ? cookiePath : `${cookiePath}/`;
  return requestPath.startsWith(boundary);
}

interface JarEntry {
  name: string;
  value: string;
  path: string;
  domain: string | null;
  /** Epoch seconds; undefined: a session cookie. */
  expiresAt?: number;
}

/**
 * A browser's cookie store for one site, as far as these tests need it:
 * cookies keyed by name, Domain and Path (RFC 6265 5.3), Max-Age honoured,
 * and for a URL the cookies whose domain and path match, longest path first
 * (RFC 6265 5.4).
 */
export class BrowserJar {
  private readonly entries = new Map<string, JarEntry>();

  constructor(private readonly host = new URL(SITE_ORIGIN).hostname) {}

  store(setCookies: readonly string[], now: number): void {
    for (const line of setCookies) {
      const { name, value, attributes } = parseSetCookie(line);
      const path = attributes.get("path") ?? "/";
      const domain = attributes.get("domain") ?? null;
      const maxAge = attributes.get("max-age");
      const key = `${name};${domain ?? ""};${path}`;
      if (maxAge !== undefined && Number(maxAge) <= 0) {
        this.entries.delete(key);
        continue;
      }
      const expiresAt = maxAge === undefined ? undefined : now + Number(maxAge);
      this.entries.set(key, { name, value, path, domain, expiresAt });
    }
  }

  /** [name, value] pairs a request to `url` carries at `now`. */
  cookiesFor(url: string, now: number): [string, string][] {
    const { hostname, pathname } = new URL(url);
    return [...this.entries.values()]
      .filter((e) => e.expiresAt === undefined || e.expiresAt > now)
      .filter((e) =>
        e.domain === null
          ? hostname === this.host
          : hostname === e.domain || hostname.endsWith(`.${e.domain}`),
      )
      .filter((e) => pathMatches(pathname, e.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((e): [string, string] => [e.name, e.value]);
  }

  /** The Cookie strings API Gateway would list for a request to `url`. */
  cookieList(url: string, now: number): string[] {
    return this.cookiesFor(url, now).map(([name, value]) => `${name}=${value}`);
  }

  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  paths(name: string): string[] {
    return [...this.entries.values()].filter((e) => e.name === name).map((e) => e.path);
  }
}

/** A fresh browser that has kept the cookies `result` set at `now` (epoch seconds). */
export function jarAfter(result: ApiResult, now: number): BrowserJar {
  const jar = new BrowserJar();
  jar.store(result.cookies ?? [], now);
  return jar;
}

export interface IssuerHarness {
  secrets: SecretsManagerStandIn;
  tokenKey: SigningKey;
  /** Issuer of the access tokens (nothing listens there: no JWKS fetch can succeed). */
  issuer: string;
  /** A config for `overrides`; the secret holds `key` unless stored otherwise. */
  config: (overrides?: Partial<CookieIssuerConfig>) => CookieIssuerConfig;
  /**
   * A fresh handler (container) for the config with `overrides`; outbound
   * calls get a generous time limit unless `options` says otherwise
   * (`outboundTimeoutMs: undefined`: production's own limits).
   */
  handler: (
    overrides?: Partial<CookieIssuerConfig>,
    options?: HandlerOptions,
  ) => CookieIssuerHandler;
  /** Stores `pem` as the signing key secret. */
  storeKey: (pem: string) => void;
  /** A valid access token for the harness's issuer (alice, group "readers"), with claim overrides. */
  token: (claims?: Record<string, unknown>) => string;
  close: () => Promise<void>;
}

let sharedTokenKey: SigningKey | undefined;

/** A Secrets Manager stand-in holding `key`, and configs pointing at it. */
export async function startIssuerHarness(key: CloudFrontKey): Promise<IssuerHarness> {
  useTestCredentials();
  // One RSA key per test file: generating it is the slow part.
  const tokenKey = (sharedTokenKey ??= generateSigningKey("cookie-issuer-token-key"));
  const secrets = await startSecretsManagerStandIn();
  secrets.put(SECRET_NAME, key.pem);
  const nowhere = await unusedOrigin();
  const issuer = `${nowhere}/eu-west-1_EdgeGate9`;
  const input = { secrets, jwks: { keys: [tokenKey.jwk] }, issuer, hostedUiBaseUrl: nowhere };
  const config = (overrides: Partial<CookieIssuerConfig> = {}) => issuerConfig(input, overrides);
  return {
    secrets,
    tokenKey,
    issuer,
    config,
    handler: (overrides = {}, options = {}) =>
      createHandler(config(overrides), { outboundTimeoutMs: GENEROUS_TIMEOUT_MS, ...options }),
    storeKey: (pem) => {
      secrets.put(SECRET_NAME, pem);
    },
    token: (claims = {}) => signRs256(tokenKey, accessTokenClaims(issuer, claims)),
    close: () => secrets.close(),
  };
}
