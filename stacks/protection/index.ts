// The one place a protection mode is chosen: a map from mode to the
// construct that builds it.
import type { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Environment, ProtectionMode } from "../../environments/schema";
import type { Naming } from "../naming";
import type { UserDirectory } from "../user-directory";
import { BearerJwtProtection } from "./bearer-jwt";
import type { Protection } from "./protection";

export interface ProtectionContext {
  env: Environment;
  users: UserDirectory;
  naming: Naming;
  edgeProvider: AwsProvider;
}

type ProtectionFactory = (scope: Construct, ctx: ProtectionContext) => Protection;

const PROTECTION_BY_MODE: Record<ProtectionMode, ProtectionFactory> = {
  "bearer-jwt": (scope, { env, users, naming, edgeProvider }) =>
    new BearerJwtProtection(scope, "bearer-jwt", {
      settings: env.protection,
      users,
      naming,
      corsAllowedOrigins: env.bucket.corsAllowedOrigins,
      edgeProvider,
      accountIds: env.allowedAccountIds,
    }),
};

export function createProtection(scope: Construct, ctx: ProtectionContext): Protection {
  return PROTECTION_BY_MODE[ctx.env.protection.mode](scope, ctx);
}
