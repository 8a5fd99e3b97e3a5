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
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { RegionalFunction } from "./regional-function";

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
      defaultRouteSettings: { throttlingBurstLimit: 100, throttlingRateLimit: 50 },
    });
    this.originDomainName = Fn.replace(this.api.apiEndpoint, "https://", "");
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
