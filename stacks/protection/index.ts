// The one place a protection mode is chosen: a map from mode to the
// construct that builds it.
import type { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Environment, ProtectionMode } from "../../environments/schema";
import type { Naming } from "../naming";
import type { UserDirectory } from "../user-directory";
import { BearerJwtProtection } from "./bearer-jwt";
import type { Protection } from "./protection";
import { SessionCookieProtection } from "./session-cookie";
import { SignedCookieProtection } from "./signed-cookie";

export interface ProtectionContext {
  env: Environment;
  users: UserDirectory;
  naming: Naming;
  edgeProvider: AwsProvider;
}

/** The validated settings of one mode. */
type SettingsOf<M extends ProtectionMode> = Extract<Environment["protection"], { mode: M }>;

type ProtectionFactories = {
  [M in ProtectionMode]: (
    scope: Construct,
    ctx: ProtectionContext,
    settings: SettingsOf<M>,
  ) => Protection;
};

const PROTECTION_BY_MODE: ProtectionFactories = {
  "bearer-jwt": (scope, { env, users, naming, edgeProvider }, settings) =>
    new BearerJwtProtection(scope, "bearer-jwt", {
      settings,
      users,
      naming,
      corsAllowedOrigins: env.bucket.corsAllowedOrigins,
      edgeProvider,
      accountIds: env.allowedAccountIds,
    }),
  "session-cookie": (scope, { env, users, naming, edgeProvider }, settings) =>
    new SessionCookieProtection(scope, "session-cookie", {
      settings,
      users,
      naming,
      homeRegion: env.homeRegion,
      corsAllowedOrigins: env.bucket.corsAllowedOrigins,
      edgeProvider,
      accountIds: env.allowedAccountIds,
    }),
  "signed-cookie": (scope, { env, users, naming, edgeProvider }, settings) =>
    new SignedCookieProtection(scope, "signed-cookie", {
      settings,
      users,
      naming,
      homeRegion: env.homeRegion,
      cookieDomain: env.customDomain?.domainName ?? null,
      edgeProvider,
      accountIds: env.allowedAccountIds,
    }),
};

function build<M extends ProtectionMode>(
  scope: Construct,
  ctx: ProtectionContext,
  mode: M,
  settings: SettingsOf<M>,
): Protection {
  return PROTECTION_BY_MODE[mode](scope, ctx, settings);
}

export function createProtection(scope: Construct, ctx: ProtectionContext): Protection {
  const settings = ctx.env.protection;
  return build(scope, ctx, settings.mode, settings);
}
