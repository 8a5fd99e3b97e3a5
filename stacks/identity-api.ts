// The regional login function's origin, reachable only through the
// distribution: a Lambda function URL with IAM auth, which CloudFront signs
// for through a Lambda origin access control, and invoke permissions for that
// one distribution (docs/decisions/0014-identity-origin-through-cloudfront-only.md).
import { Construct } from "constructs";
import { Fn, Lazy } from "cdktf";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import type { IdentityApiThrottling } from "../environments/schema/hardening";
import {
  CONFIG_PARAMETER_VARIABLE,
  type ConfigParameterSource,
} from "../functions/shared/config-parameter";
import {
  ACCESS_LOG_VARIABLE,
  FORWARDED_AUTHORIZATION_HEADER,
} from "../functions/shared/origin-request";
import type { PolicyStatement } from "./iam-policy";
import { loggingAt } from "./logging-context";
import type { RegionalFunction } from "./regional-function";

export interface IdentityApiProps {
  /** Name of the origin access control (and CloudFront Function), from the naming helper. */
  name: string;
  description: string;
  /** The home region, where the function and its config parameter live. */
  homeRegion: string;
  /** Account ids for the parameter's ARN; any account when not pinned. */
  accountIds?: string[];
  /** The us-east-1 provider (CloudFront's API region). */
  provider: AwsProvider;
  /**
   * The origin signature takes the viewer's Authorization header: copy it to
   * FORWARDED_AUTHORIZATION_HEADER first (the cookie issuer reads bearer tokens).
   */
  forwardAuthorization?: boolean;
}

/**
 * CloudFront Functions code (cloudfront-js-2.0): a viewer's own copy of the
 * forwarded header is dropped, so the function reads only what the viewer
 * sent as Authorization.
 */
export function forwardAuthorizationCode(header: string): string {
  return [
    "function handler(event) {",
    "  var headers = event.request.headers;",
    `  delete headers["${header}"];`,
    `  if (headers.authorization) headers["${header}"] = { value: headers.authorization.value };`,
    "  return event.request;",
    "}",
    "",
  ].join("\n");
}

export class IdentityApi extends Construct {
  readonly originAccessControl: CloudfrontOriginAccessControl;
  readonly viewerRequestFunction?: CloudfrontFunction;
  /** Host name of the function URL, for a CloudFront custom origin (known once `route` ran). */
  readonly originDomainName: string;
  private readonly partition: DataAwsPartition;
  private target?: { fn: RegionalFunction; url: LambdaFunctionUrl };
  private limits?: IdentityApiThrottling;
  private distributionArn?: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: IdentityApiProps,
  ) {
    super(scope, id);
    this.partition = new DataAwsPartition(this, "partition");
    this.originAccessControl = new CloudfrontOriginAccessControl(this, "oac", {
      provider: props.provider,
      name: props.name,
      description: `CloudFront signs every request to the function URL (${props.description})`,
      originAccessControlOriginType: "lambda",
      // "no-override" would pass a viewer's own Authorization through unsigned.
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    if (props.forwardAuthorization) {
      this.viewerRequestFunction = new CloudfrontFunction(this, "forward-authorization", {
        provider: props.provider,
        name: `${props.name}-authorization`,
        comment: "Keeps a bearer token that the origin signature replaces",
        runtime: "cloudfront-js-2.0",
        publish: true,
        code: forwardAuthorizationCode(FORWARDED_AUTHORIZATION_HEADER),
      });
    }
    // The distribution reads this before the function exists: resolved at synth.
    this.originDomainName = Lazy.stringValue({
      produce: () => {
        if (!this.target) throw new Error("IdentityApi has no function (route was never called)");
        // https://<url-id>.lambda-url.<region>.on.aws/ → the host alone.
        return Fn.element(Fn.split("/", this.target.url.functionUrl), 2);
      },
    });
  }

  /**
   * A concurrency cap in place of API Gateway's stage throttling: the burst
   * limit is the function's reserved concurrency. Every request has passed
   * the distribution (and its web ACL's rate rule) before it counts here.
   */
  throttle(limits: IdentityApiThrottling): void {
    this.limits = limits;
    if (this.target) this.target.fn.function.reservedConcurrentExecutions = limits.burstLimit;
  }

  /**
   * The function behind the origin, at its URL (payload format 2.0); the
   * route key is API Gateway's, kept for callers, and every path reaches the
   * function, whose own router answers outside its base path with 404.
   */
  route(_routeKey: string, fn: RegionalFunction): LambdaFunctionUrl {
    if (this.target) throw new Error("IdentityApi fronts one function");
    const url = new LambdaFunctionUrl(this, "url", {
      functionName: fn.function.functionName,
      // Only SigV4-signed callers allowed by the function's policy: CloudFront.
      authorizationType: "AWS_IAM",
    });
    this.target = { fn, url };
    if (this.limits) this.throttle(this.limits);
    if (this.distributionArn) this.permit(this.distributionArn);
    return url;
  }

  /**
   * Lets `distributionArn`, and nothing else, invoke the function: through
   * its URL, and the plain invoke that a URL invocation is also checked for.
   */
  allow(distributionArn: string): void {
    if (this.distributionArn) throw new Error("IdentityApi allows one distribution");
    this.distributionArn = distributionArn;
    // The distribution exists before the function (made once the site is known).
    if (this.target) this.permit(distributionArn);
  }

  private permit(distributionArn: string): void {
    if (!this.target) return;
    const functionName = this.target.fn.function.functionName;
    new LambdaPermission(this, "allow-distribution-url", {
      statementId: "AllowDistributionFunctionUrl",
      action: "lambda:InvokeFunctionUrl",
      functionName,
      principal: "cloudfront.amazonaws.com",
      sourceArn: distributionArn,
      functionUrlAuthType: "AWS_IAM",
    });
    new LambdaPermission(this, "allow-distribution-invoke", {
      statementId: "AllowDistributionInvoke",
      action: "lambda:InvokeFunction",
      functionName,
      principal: "cloudfront.amazonaws.com",
      sourceArn: distributionArn,
    });
  }

  /**
   * Where `functionName` reads its config: a parameter that may name the
   * distribution and the Cognito client, which the function itself must not
   * (its URL is the distribution's origin). The function gets the
   * parameter's name, and read access to it, by name alone.
   */
  configParameter(
    functionName: string,
    config: string,
  ): { environment: Record<string, string>; statement: PolicyStatement } {
    const { homeRegion, accountIds } = this.props;
    const name = `/edge-gate/${functionName}/config`;
    new SsmParameter(this, `config-${functionName}`, {
      name,
      description: `edge-gate: config of ${functionName}`,
      // Nothing secret (the signing key stays in Secrets Manager): shown in plans.
      type: "String",
      insecureValue: config,
      // Above 4 KB (a large JWKS or many path rules) it becomes an advanced parameter.
      tier: "Intelligent-Tiering",
    });
    const source: ConfigParameterSource = { name, region: homeRegion };
    // The function's own access log line replaces API Gateway's access log.
    const accessLog: Record<string, string> = loggingAt(this).identityApiAccessLogs
      ? {}
      : { [ACCESS_LOG_VARIABLE]: "off" };
    return {
      environment: { [CONFIG_PARAMETER_VARIABLE]: JSON.stringify(source), ...accessLog },
      statement: {
        Sid: "ReadOwnConfig",
        Effect: "Allow",
        Action: ["ssm:GetParameter"],
        Resource: (accountIds ?? ["*"]).map(
          (account) =>
            `arn:${this.partition.partition}:ssm:${homeRegion}:${account}:parameter${name}`,
        ),
      },
    };
  }
}

/** Applies `limits` to every identity API below `scope` (the mode decides whether there is one). */
export function throttleIdentityApis(scope: Construct, limits: IdentityApiThrottling): void {
  for (const node of scope.node.findAll()) {
    if (node instanceof IdentityApi) node.throttle(limits);
  }
}
