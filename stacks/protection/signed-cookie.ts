// Signed-cookie mode: CloudFront itself checks CloudFront signed cookies on
// protected paths against the environment's key group, so no function runs on
// the hot path. A regional cookie issuer behind the identity API (/_auth/*)
// verifies the viewer's Cognito identity and signs the cookies with the active
// key, read from Secrets Manager. Public paths get their own unchecked
// behaviours; a refused browser gets the issuer's way to the login page.
import * as path from "node:path";
import { Construct } from "constructs";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { SignedCookieSettings } from "../../environments/schema/signed-cookie";
import { CONFIG_VARIABLE, type CookieIssuerConfig } from "../../functions/cookie-issuer/config";
import { REFUSED_ROUTE, REFUSED_STATUS } from "../../functions/cookie-issuer/refused-page";
import type { Naming } from "../naming";
import { SigningKeys } from "../signing-keys";
import type { UserDirectory } from "../user-directory";
import {
  HostedUiLogin,
  type EdgeAssociation,
  type ErrorResponse,
  type Protection,
  type RoutedOrigin,
  type Site,
  type StackOutput,
} from "./protection";

export const COOKIE_ISSUER_ENTRY = path.resolve(
  __dirname,
  "../../functions/cookie-issuer/handler.ts",
);

/** Where the distribution sends the issuer's requests; the API routes the same prefix. */
export const AUTH_BASE_PATH = "/_auth";

export interface SignedCookieProtectionProps {
  settings: SignedCookieSettings;
  users: UserDirectory;
  naming: Naming;
  homeRegion: string;
  /** The custom domain, for the cookies' Domain attribute; null on CloudFront's own domain. */
  cookieDomain: string | null;
  edgeProvider: AwsProvider;
  /** Account ids for the secrets' ARNs; any account when not pinned. */
  accountIds?: string[];
}

export class SignedCookieProtection extends Construct implements Protection {
  readonly signingKeys: SigningKeys;
  readonly edgeAssociations: EdgeAssociation[] = [];
  readonly trustedKeyGroupIds: string[];
  readonly routedOrigins: RoutedOrigin[];
  readonly publicPaths: string[];
  readonly errorResponses: ErrorResponse[];
  /** The signed cookies are what a cross-origin fetch must be allowed to send. */
  readonly corsCredentials = true;
  private readonly login: HostedUiLogin;
  private readonly partition: DataAwsPartition;
  private site?: Site;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: SignedCookieProtectionProps,
  ) {
    super(scope, id);
    const { settings, users, naming } = props;

    users.addPathRuleGroups(this, settings.paths.groups);
    this.signingKeys = new SigningKeys(this, "signing-keys", {
      keys: settings.keys,
      naming,
      provider: props.edgeProvider,
    });
    this.trustedKeyGroupIds = [this.signingKeys.keyGroup.id];
    this.publicPaths = settings.paths.public;

    this.login = new HostedUiLogin(this, {
      users,
      naming,
      basePath: AUTH_BASE_PATH,
      apiDescription: "edge-gate: hosted-UI login, logout and signed cookies (cookie issuer)",
      homeRegion: props.homeRegion,
      accountIds: props.accountIds,
      edgeProvider: props.edgeProvider,
      // Programs send their Cognito access token as a bearer token.
      forwardAuthorization: true,
    });
    this.routedOrigins = [this.login.routedOrigin];
    // CloudFront refuses a request without valid cookies with a bare 403; the
    // issuer's page sends a browser on to the login instead. The status stays
    // 403 for programs, and nothing is cached: the next try may carry cookies.
    // The response covers every behaviour, so the issuer never sends a 403.
    this.errorResponses = [
      {
        errorCode: REFUSED_STATUS,
        responsePagePath: `${AUTH_BASE_PATH}${REFUSED_ROUTE}`,
        responseCode: REFUSED_STATUS,
        errorCachingMinTtl: 0,
      },
    ];
    this.partition = new DataAwsPartition(this, "partition");
  }

  /** The app client and the cookie issuer: both name the site's origin. */
  connect(site: Site): void {
    if (this.site) throw new Error("SignedCookieProtection.connect called twice");
    this.site = site;
    const { settings, users, homeRegion } = this.props;
    const active = this.signingKeys.active;

    this.login.connect(site, {
      id: "cookie-issuer",
      description: "edge-gate: verifies Cognito logins and access tokens, issues signed cookies",
      entry: COOKIE_ISSUER_ENTRY,
      callbackPath: "/callback",
      afterLogoutPath: settings.afterLogoutPath,
      configVariable: CONFIG_VARIABLE,
      config: (hostedUi): CookieIssuerConfig => ({
        siteOrigin: site.origin,
        basePath: AUTH_BASE_PATH,
        hostedUi,
        // A Terraform value (the JWKS read at apply time), typed as what it becomes.
        jwks: users.jwks() as unknown as CookieIssuerConfig["jwks"],
        accessTokenClientIds: users.clientIds(settings.allowedClients),
        signingKey: { keyPairId: active.publicKey.id, secretId: active.settings.secret },
        hashAlgorithm: settings.hashAlgorithm,
        secretsManager: { region: homeRegion, endpoint: null },
        cookieLifetimeSeconds: settings.cookieLifetimeMinutes * 60,
        signedUrlLifetimeSeconds: settings.signedUrlLifetimeMinutes * 60,
        cookieDomain: this.props.cookieDomain,
        rules: { groupPrefixes: settings.paths.groups, userPrefixes: settings.paths.users },
        corsAllowedOrigins: settings.corsAllowedOrigins,
        afterLogoutPath: settings.afterLogoutPath,
      }),
      // The active key's secret only: the issuer signs with nothing else, and
      // a key staged for the next rotation stays unread (so rotating away
      // from a leaked issuer's key helps). Flipping `active` changes this
      // policy and the config in one apply.
      statements: [
        {
          Sid: "ReadActiveSigningKey",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue"],
          Resource: this.secretArns(active.settings.secret),
        },
      ],
    });
  }

  /**
   * A given ARN as is; a name as the ARNs Secrets Manager gives it in the
   * home region (the name, '-', then six random characters).
   */
  private secretArns(secret: string): string[] {
    if (secret.startsWith("arn:")) return [secret];
    const { homeRegion, accountIds } = this.props;
    return (accountIds ?? ["*"]).map(
      (account) =>
        `arn:${this.partition.partition}:secretsmanager:${homeRegion}:${account}:secret:${secret}-??????`,
    );
  }

  get outputs(): Record<string, StackOutput> {
    const outputs: Record<string, StackOutput> = {
      key_group_id: {
        value: this.signingKeys.keyGroup.id,
        description: "CloudFront key group that signed cookies must match",
      },
    };
    if (this.site) {
      outputs.login_url = {
        value: `${this.site.origin}${AUTH_BASE_PATH}/login`,
        description: "Where a browser logs in (hosted UI, then back with signed cookies)",
      };
      outputs.cookie_endpoint = {
        value: `${this.site.origin}${AUTH_BASE_PATH}/cookies`,
        description: "Where a program trades a Cognito access token for signed cookies",
      };
    }
    return outputs;
  }
}
