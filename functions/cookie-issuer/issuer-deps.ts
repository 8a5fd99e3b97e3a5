// What the issuer's routes share: the validated config, the signing key
// (read lazily from Secrets Manager), token verification, the hosted-UI
// login and the clock. Built once per container by handler.ts.
import type { KeyObject } from "node:crypto";
import type { VerifyToken } from "../shared/access-token-verifier";
import type { HostedUiLogin } from "../shared/hosted-ui/login-flow";
import type { CookieIssuerConfig } from "./config";
import type { IssueSettings } from "./issuance";

export interface IssuerDeps {
  config: CookieIssuerConfig;
  /** The signing key, or null while it cannot be read (answer 503). */
  signingKey: () => Promise<KeyObject | null>;
  verifyAccessToken: VerifyToken;
  /** The hosted-UI login whose records are sealed with (a key derived from) `key`. */
  loginFor: (key: KeyObject) => HostedUiLogin;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/** What issuing with `key` needs from the config. */
export function issueSettings(config: CookieIssuerConfig, key: KeyObject): IssueSettings {
  return {
    signer: {
      siteOrigin: config.siteOrigin,
      keyPairId: config.signingKey.keyPairId,
      privateKey: key,
      hashAlgorithm: config.hashAlgorithm,
      cookieDomain: config.cookieDomain,
    },
    lifetimeSeconds: config.cookieLifetimeSeconds,
    rules: config.rules,
    basePath: config.basePath,
  };
}

/**
 * Each login's cookie is `<this>-<id>`: `edge-gate-login`, with the __Host-
 * prefix unless the site's cookies name a parent Domain.
 */
export function loginCookiePrefix(config: CookieIssuerConfig): string {
  return config.cookieDomain === null ? "__Host-edge-gate-login" : "edge-gate-login";
}

/** The clock in epoch seconds, as policies and login records count time. */
export function nowSeconds(deps: IssuerDeps): number {
  return Math.floor(deps.now() / 1000);
}
