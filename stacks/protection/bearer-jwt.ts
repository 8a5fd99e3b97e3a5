// Bearer-JWT mode: a viewer-request Lambda@Edge function verifies a Cognito
// access token on every request and applies the environment's path rules.
// It needs no AWS permission beyond its own logs.
import * as path from "node:path";
import { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { BearerJwtSettings } from "../../environments/schema/bearer-jwt";
import type { BearerJwtConfig } from "../../functions/bearer-jwt/config";
import { EdgeFunction } from "../edge-function";
import type { Naming } from "../naming";
import type { UserDirectory } from "../user-directory";
import { renderPathRules } from "./path-rules";
import type { EdgeAssociation, Protection, RoutedOrigin } from "./protection";

export const BEARER_JWT_ENTRY = path.resolve(__dirname, "../../functions/bearer-jwt/handler.ts");

/** Keeps a JWKS fetch (unknown kid) well under Lambda@Edge's 5 s viewer-request limit. */
const JWKS_FETCH_TIMEOUT_MS = 1500;

export interface BearerJwtProtectionProps {
  settings: BearerJwtSettings;
  users: UserDirectory;
  naming: Naming;
  corsAllowedOrigins: string[];
  edgeProvider: AwsProvider;
  accountIds?: string[];
}

export class BearerJwtProtection extends Construct implements Protection {
  readonly edgeFunction: EdgeFunction;
  readonly edgeAssociations: EdgeAssociation[];
  readonly trustedKeyGroupIds: string[] = [];
  readonly routedOrigins: RoutedOrigin[] = [];

  constructor(scope: Construct, id: string, props: BearerJwtProtectionProps) {
    super(scope, id);
    const { settings, users, naming } = props;

    users.addPathRuleGroups(this, settings.paths.groups);

    const config: BearerJwtConfig = {
      issuer: users.issuer,
      jwksUri: users.jwksUri,
      // A Terraform value (the JWKS read at apply time), typed as what it becomes.
      jwks: users.jwks() as unknown as BearerJwtConfig["jwks"],
      clientIds: users.clientIds(settings.allowedClients),
      clockSkewSeconds: settings.clockSkewSeconds,
      jwksFetchTimeoutMs: JWKS_FETCH_TIMEOUT_MS,
      tokenQueryParameter: settings.tokenQueryParameter,
      loginUrl: settings.loginUrl,
      corsAllowedOrigins: props.corsAllowedOrigins,
      identityHeader: settings.identityHeader,
      realm: naming.resource("content"),
      rules: renderPathRules(settings.paths),
    };

    this.edgeFunction = new EdgeFunction(this, "viewer-request", {
      functionName: naming.resource("bearer-jwt"),
      description: "edge-gate: verifies Cognito access tokens and path rules (viewer request)",
      entry: BEARER_JWT_ENTRY,
      config,
      provider: props.edgeProvider,
      accountIds: props.accountIds,
    });
    this.edgeAssociations = [
      { eventType: "viewer-request", lambdaArn: this.edgeFunction.qualifiedArn },
    ];
  }
}
