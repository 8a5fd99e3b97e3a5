// What a protection mode hands the rest of the stack, and the hosted-UI login
// wiring the modes with a regional login share. The mode is chosen in one
// place (./index.ts); other constructs only read this interface.
import type { Construct } from "constructs";
import { Fn } from "cdktf";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { HostedUiSettings } from "../../functions/shared/hosted-ui/settings";
import type { PolicyStatement } from "../iam-policy";
import { IdentityApi } from "../identity-api";
import type { Naming } from "../naming";
import { RegionalFunction } from "../regional-function";
import { HOSTED_UI_SCOPES, type UserDirectory } from "../user-directory";

export interface EdgeAssociation {
  eventType: "viewer-request" | "viewer-response" | "origin-request" | "origin-response";
  /** Qualified (versioned) ARN of a Lambda@Edge function. */
  lambdaArn: string;
}

/** Paths the distribution sends to an HTTPS origin of the mode's own (login, callback, logout). */
export interface RoutedOrigin {
  /** CloudFront path pattern, e.g. `/_identity/*`. */
  pathPattern: string;
  originId: string;
  /** Host name of the HTTPS origin (no scheme). */
  domainName: string;
  /** CloudFront signs every request to the origin (a Lambda function URL with IAM auth). */
  originAccessControlId?: string;
  /** CloudFront Function run on the behaviour's viewer requests. */
  viewerRequestFunctionArn?: string;
  /** Called once the distribution exists: lets that distribution, and only it, reach the origin. */
  allowDistribution?: (distributionArn: string) => void;
}

/** The site as viewers see it, known only once the distribution exists. */
export interface Site {
  /** e.g. https://d111.cloudfront.net or https://files.example.com */
  origin: string;
}

/** A response CloudFront gives instead of an origin's (or its own) error. */
export interface ErrorResponse {
  errorCode: number;
  /** Path on this distribution whose response replaces the error's body. */
  responsePagePath: string;
  /** Status sent to the viewer with that body. */
  responseCode: number;
  /** Seconds CloudFront caches the error; 0 asks again each time. */
  errorCachingMinTtl: number;
}

export interface StackOutput {
  value: unknown;
  description: string;
}

export interface Protection {
  /** Functions attached to the behaviour that serves protected content (the default one). */
  readonly edgeAssociations: EdgeAssociation[];
  /** Key groups CloudFront checks signed URLs/cookies against (signed-cookie mode). */
  readonly trustedKeyGroupIds: string[];
  /** Uncached, unchecked behaviours to the mode's own origins; no edge function runs there. */
  readonly routedOrigins: RoutedOrigin[];
  /**
   * Path rules ("/assets/" a folder, "/favicon.ico" an exact path) served from
   * the content bucket without the mode's checks, for modes whose checks are
   * not a function that knows them (signed cookies). None when left out.
   */
  readonly publicPaths?: string[];
  /** Error responses of the distribution (e.g. a login page for a refused viewer). */
  readonly errorResponses?: ErrorResponse[];
  /**
   * Whether the configured CORS origins may read content with credentials:
   * for modes whose credential is a cookie (a fetch sends it only with
   * `credentials: "include"`). Off when left out.
   */
  readonly corsCredentials?: boolean;
  /**
   * Called once the distribution exists, for what needs the site's origin
   * (Cognito callback URLs, redirects, the login function's config parameter
   * and CloudFront-only invoke permissions). Nothing made here may feed back
   * into the distribution, except the login function URL's host, which the
   * function itself never needs (its config is read at run time, 0014).
   */
  connect?(site: Site): void;
  /** Stack outputs of the mode, read after `connect`. */
  readonly outputs?: Record<string, StackOutput>;
}

export interface HostedUiLoginProps {
  users: UserDirectory;
  naming: Naming;
  /** Prefix the distribution routes to the identity API and the API routes to the function. */
  basePath: string;
  /** Says which function the API fronts. */
  apiDescription: string;
  homeRegion: string;
  accountIds?: string[];
  /** The us-east-1 provider (CloudFront's API region). */
  edgeProvider: AwsProvider;
  /** Whether the function reads a viewer's Authorization header (bearer tokens). */
  forwardAuthorization?: boolean;
}

/** The regional function behind the identity API (session manager, cookie issuer). */
export interface LoginFunctionProps {
  /** Construct id, hosted-UI client id and, through the naming helper, function and client name. */
  id: string;
  description: string;
  /** Path of the TypeScript handler module (exports `handler`). */
  entry: string;
  /** Where the hosted UI returns the browser after login, below the base path (e.g. "/auth"). */
  callbackPath: string;
  /** Same-site path the hosted UI's logout returns to. */
  afterLogoutPath: string;
  /** Environment variable that carries the config. */
  configVariable: string;
  /** The function's config, given the hosted-UI settings of its own app client. */
  config: (hostedUi: HostedUiSettings) => object;
  /** Permissions beyond writing its own logs. */
  statements: PolicyStatement[];
}

/**
 * A hosted-UI login in the home region: the identity API the distribution
 * routes `basePath` to, and (once the site's origin is known) an app client
 * and the function behind the API. Not a construct of its own: its children
 * belong to the mode's construct, as if the mode had made them.
 */
export class HostedUiLogin {
  readonly api: IdentityApi;
  readonly routedOrigin: RoutedOrigin;

  constructor(
    private readonly scope: Construct,
    private readonly props: HostedUiLoginProps,
  ) {
    this.api = new IdentityApi(scope, "identity-api", {
      name: props.naming.resource("identity"),
      description: props.apiDescription,
      homeRegion: props.homeRegion,
      accountIds: props.accountIds,
      provider: props.edgeProvider,
      forwardAuthorization: props.forwardAuthorization,
    });
    this.routedOrigin = {
      pathPattern: `${props.basePath}/*`,
      originId: "identity-api",
      domainName: this.api.originDomainName,
      originAccessControlId: this.api.originAccessControl.id,
      viewerRequestFunctionArn: this.api.viewerRequestFunction?.arn,
      allowDistribution: (arn) => this.api.allow(arn),
    };
  }

  /** The app client and the function both name the site's origin. */
  connect(site: Site, fn: LoginFunctionProps): RegionalFunction {
    const { users, naming, basePath } = this.props;
    const client = users.addHostedUiClient(fn.id, {
      name: naming.resource(fn.id),
      callbackUrls: [`${site.origin}${basePath}${fn.callbackPath}`],
      logoutUrls: [`${site.origin}${fn.afterLogoutPath}`],
    });
    const hostedUi: HostedUiSettings = {
      baseUrl: users.hostedUiUrl,
      clientId: client.id,
      scopes: [...HOSTED_UI_SCOPES],
      issuer: users.issuer,
      jwksUri: users.jwksUri,
    };
    const functionName = naming.resource(fn.id);
    // In a parameter, not the function's environment: the config names the
    // site and the app client, which depend on the distribution, which
    // depends on the function's URL.
    const config = this.api.configParameter(functionName, Fn.jsonencode(fn.config(hostedUi)));
    const regional = new RegionalFunction(this.scope, fn.id, {
      functionName,
      description: fn.description,
      entry: fn.entry,
      environment: config.environment,
      statements: [...fn.statements, config.statement],
    });
    this.api.route(`ANY ${basePath}/{proxy+}`, regional);
    return regional;
  }
}
