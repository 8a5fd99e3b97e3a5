// The Cognito user directory: user pool (strong passwords, optional/required
// TOTP MFA, no user-existence leaks, optional threat protection), hosted-UI
// domain and app clients (code flow with PKCE, public clients without
// secrets), plus the pool's JWKS read at apply time so edge functions start
// with the keys in their config.
import { Construct } from "constructs";
import { Fn, type IResolvable } from "cdktf";
import { CognitoUserGroup } from "@cdktf/provider-aws/lib/cognito-user-group";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { DataHttp } from "@cdktf/provider-http/lib/data-http";
import type { Environment } from "../environments/schema";
import type { Naming } from "./naming";

export interface UserDirectoryProps {
  cognito: Environment["cognito"];
  homeRegion: string;
  naming: Naming;
}

/** OAuth2 scopes every app client may request; "openid" makes the hosted UI issue ID tokens. */
export const HOSTED_UI_SCOPES = ["openid", "email", "profile"] as const;

interface PublicClientProps {
  name: string;
  callbackUrls: string[];
  logoutUrls: string[];
  explicitAuthFlows: string[];
  accessTokenValidityMinutes: number;
  refreshTokenValidityDays: number;
}

const MFA: Record<Environment["cognito"]["mfa"], string> = {
  off: "OFF",
  optional: "OPTIONAL",
  on: "ON",
};

const ADVANCED_SECURITY_MODE: Record<Environment["cognito"]["threatProtection"], string> = {
  off: "OFF",
  audit: "AUDIT",
  enforced: "ENFORCED",
};

/**
 * The pool's threat protection and the feature plan it needs. Both are always
 * set: turning protection off must also leave the Plus plan (and its price),
 * and Essentials is what Cognito gives a new pool anyway.
 */
export function threatProtectionSettings(value: Environment["cognito"]["threatProtection"]) {
  return {
    userPoolAddOns: { advancedSecurityMode: ADVANCED_SECURITY_MODE[value] },
    userPoolTier: value === "off" ? "ESSENTIALS" : "PLUS",
  };
}

export class UserDirectory extends Construct {
  readonly userPool: CognitoUserPool;
  readonly domain: CognitoUserPoolDomain;
  /** App clients by their name in the environment file. */
  readonly clients: ReadonlyMap<string, CognitoUserPoolClient>;
  /** Token issuer (`iss` claim): https://cognito-idp.<region>.amazonaws.com/<pool id>. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** Base URL of the hosted UI (`/oauth2/authorize`, `/logout`, ...). */
  readonly hostedUiUrl: string;
  private jwksData?: DataHttp;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    const { cognito, homeRegion, naming } = props;

    this.userPool = new CognitoUserPool(this, "pool", {
      name: naming.resource("users"),
      usernameAttributes: ["email"],
      autoVerifiedAttributes: ["email"],
      usernameConfiguration: { caseSensitive: false },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      mfaConfiguration: MFA[cognito.mfa],
      softwareTokenMfaConfiguration: cognito.mfa === "off" ? undefined : { enabled: true },
      adminCreateUserConfig: { allowAdminCreateUserOnly: !cognito.selfSignUp },
      accountRecoverySetting: {
        recoveryMechanism: [{ name: "verified_email", priority: 1 }],
      },
      deletionProtection: cognito.deletionProtection ? "ACTIVE" : "INACTIVE",
      ...threatProtectionSettings(cognito.threatProtection),
    });

    this.domain = new CognitoUserPoolDomain(this, "domain", {
      domain: cognito.domainPrefix,
      userPoolId: this.userPool.id,
    });

    const clients = new Map<string, CognitoUserPoolClient>();
    for (const client of cognito.appClients) {
      clients.set(
        client.name,
        this.publicClient(`client-${client.name}`, {
          name: naming.resource(client.name),
          callbackUrls: client.callbackUrls,
          logoutUrls: client.logoutUrls,
          explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          accessTokenValidityMinutes: client.accessTokenValidityMinutes,
          refreshTokenValidityDays: client.refreshTokenValidityDays,
        }),
      );
    }
    this.clients = clients;

    this.issuer = `https://${this.userPool.endpoint}`;
    this.jwksUri = `${this.issuer}/.well-known/jwks.json`;
    this.hostedUiUrl = `https://${this.domain.domain}.auth.${homeRegion}.amazoncognito.com`;
  }

  /**
   * The pool's JWKS as a Terraform value, read over HTTPS when Terraform
   * reads data sources (once the pool exists). Created on first use: only
   * modes that verify tokens at the edge need it.
   */
  jwks(): IResolvable {
    this.jwksData ??= new DataHttp(this, "jwks", {
      url: this.jwksUri,
      requestHeaders: { Accept: "application/json" },
      lifecycle: {
        postcondition: [
          {
            condition: "${self.status_code == 200}",
            errorMessage:
              "The user pool's JWKS could not be read; edge functions would start without keys.",
          },
        ],
      },
    });
    return Fn.jsondecode(this.jwksData.responseBody);
  }

  /**
   * An app client for a server-side login (session manager, cookie issuer)
   * that only uses the hosted UI: the code flow with PKCE, no password
   * sign-in of its own, and tokens that need to live only for the login.
   * Kept out of `clients`, which holds the environment file's clients.
   */
  addHostedUiClient(
    id: string,
    props: { name: string; callbackUrls: string[]; logoutUrls: string[] },
  ): CognitoUserPoolClient {
    return this.publicClient(`hosted-ui-client-${id}`, {
      ...props,
      explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      accessTokenValidityMinutes: 5,
      refreshTokenValidityDays: 1,
    });
  }

  /**
   * The groups path rules name, so membership is managed in Cognito rather
   * than by hand-typed claims. Made in `scope`, the mode whose rules they are.
   */
  addPathRuleGroups(scope: Construct, rules: readonly { group: string }[]): void {
    for (const group of new Set(rules.map((r) => r.group))) {
      new CognitoUserGroup(scope, `group-${group}`, {
        name: group,
        userPoolId: this.userPool.id,
        description: `Members may read the ${group} prefixes (edge-gate path rules)`,
      });
    }
  }

  // Public clients (browsers, CLIs, servers doing PKCE) use the code flow
  // with PKCE; a secret could not be kept secret in most of them.
  private publicClient(id: string, props: PublicClientProps): CognitoUserPoolClient {
    return new CognitoUserPoolClient(this, id, {
      name: props.name,
      userPoolId: this.userPool.id,
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: [...HOSTED_UI_SCOPES],
      supportedIdentityProviders: ["COGNITO"],
      callbackUrls: props.callbackUrls,
      logoutUrls: props.logoutUrls.length > 0 ? props.logoutUrls : undefined,
      explicitAuthFlows: props.explicitAuthFlows,
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: props.accessTokenValidityMinutes,
      idTokenValidity: props.accessTokenValidityMinutes,
      refreshTokenValidity: props.refreshTokenValidityDays,
      tokenValidityUnits: [{ accessToken: "minutes", idToken: "minutes", refreshToken: "days" }],
    });
  }

  /** Ids of the named app clients (all clients when `names` is undefined). */
  clientIds(names?: readonly string[]): string[] {
    const selected = names ?? [...this.clients.keys()];
    return selected.map((name) => {
      const client = this.clients.get(name);
      if (!client) throw new Error(`no app client named ${name}`);
      return client.id;
    });
  }
}
