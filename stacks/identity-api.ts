// The regional HTTP API behind the distribution's identity paths (login,
// callback, logout): API Gateway HTTP API with one auto-deployed `$default`
// stage, throttled, and Lambda proxy routes. CloudFront reaches it through
// its `api_endpoint`, which depends on the API alone: no cycle through the
// Lambda functions that need the distribution's domain (docs/decisions/0002-no-dependency-cycles.md).
import { Construct } from "constructs";
import { Fn } from "cdktf";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { loggingAt } from "./logging-context";
import type { RegionalFunction } from "./regional-function";
import {
  IDENTITY_API_THROTTLING_DEFAULTS,
  type IdentityApiThrottling,
} from "../environments/schema/hardening";

/**
 * One JSON line per request, from `$context` variables only: never a header,
 * cookie, query string or authorizer value, where a credential could be.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  time: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  method: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  protocol: "$context.protocol",
  status: "$context.status",
  responseLength: "$context.responseLength",
  integrationLatency: "$context.integrationLatency",
  responseLatency: "$context.responseLatency",
});

export interface IdentityApiProps {
  /** API name, from the naming helper. */
  name: string;
  description: string;
}

export class IdentityApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  /** Host name of the API's endpoint, for a CloudFront custom origin. */
  readonly originDomainName: string;

  constructor(scope: Construct, id: string, props: IdentityApiProps) {
    super(scope, id);
    const logging = loggingAt(this);
    const accessLogs = logging.identityApiAccessLogs
      ? new CloudwatchLogGroup(this, "access-logs", {
          name: `/aws/apigateway/${props.name}`,
          retentionInDays: logging.retentionDays,
        })
      : undefined;
    this.api = new Apigatewayv2Api(this, "api", {
      name: props.name,
      description: props.description,
      protocolType: "HTTP",
    });
    this.stage = new Apigatewayv2Stage(this, "stage", {
      apiId: this.api.id,
      // `$default` serves at the endpoint's root: no stage name in the path.
      name: "$default",
      autoDeploy: true,
      // Logins are rare; a flood is an attack or a loop, not traffic to serve.
      defaultRouteSettings: routeThrottling(IDENTITY_API_THROTTLING_DEFAULTS),
      accessLogSettings: accessLogs
        ? { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT }
        : undefined,
    });
    this.originDomainName = Fn.replace(this.api.apiEndpoint, "https://", "");
  }

  /**
   * The stage's limits for every route: they hold for requests to the API's
   * own endpoint too, which bypass the distribution and its web ACL.
   */
  throttle(limits: IdentityApiThrottling): void {
    this.stage.putDefaultRouteSettings(routeThrottling(limits));
  }

  /** Sends `routeKey` (e.g. `ANY /_identity/{proxy+}`) to `fn` (payload format 2.0). */
  route(routeKey: string, fn: RegionalFunction): Apigatewayv2Route {
    const id = routeKey
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    const integration = new Apigatewayv2Integration(this, `integration-${id}`, {
      apiId: this.api.id,
      integrationType: "AWS_PROXY",
      integrationUri: fn.function.invokeArn,
      integrationMethod: "POST",
      payloadFormatVersion: "2.0",
    });
    new LambdaPermission(this, `permission-${id}`, {
      statementId: `AllowIdentityApi-${id}`,
      action: "lambda:InvokeFunction",
      functionName: fn.function.functionName,
      principal: "apigateway.amazonaws.com",
      // This API only (any stage, any route), not every API in the account.
      sourceArn: `${this.api.executionArn}/*/*`,
    });
    return new Apigatewayv2Route(this, `route-${id}`, {
      apiId: this.api.id,
      routeKey,
      target: `integrations/${integration.id}`,
    });
  }
}

function routeThrottling(limits: IdentityApiThrottling) {
  return { throttlingBurstLimit: limits.burstLimit, throttlingRateLimit: limits.ratePerSecond };
}

/** Applies `limits` to every identity API below `scope` (the mode decides whether there is one). */
export function throttleIdentityApis(scope: Construct, limits: IdentityApiThrottling): void {
  for (const node of scope.node.findAll()) {
    if (node instanceof IdentityApi) node.throttle(limits);
  }
}
