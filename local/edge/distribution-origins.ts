// The distribution's origins as cdk.tf.json declares them: the content
// bucket, an HTTP API's routes to their regional functions, or a Lambda
// function URL; the domain name says which.
import type { Block } from "./json-shapes";
import {
  REFERENCE,
  StackModelError,
  addressText,
  referencedAddress,
  resourceAt,
  type Address,
  type StackJson,
} from "./stack-addresses";

export interface ApiRoute {
  /** "ANY /_auth/{proxy+}", "GET /x" or "$default". */
  routeKey: string;
  function: Address;
}

export type OriginModel =
  | { kind: "s3"; id: string }
  | { kind: "api"; id: string; api: Address; routes: ApiRoute[] }
  | { kind: "function-url"; id: string; function: Address };

function apiRoutes(json: StackJson, api: Address): ApiRoute[] {
  const apiRef = `\${${addressText(api)}.id}`;
  const routes = Object.entries(json.resource.aws_apigatewayv2_route ?? {}).filter(
    ([, r]) => r.api_id === apiRef,
  );
  return routes.map(([name, route]) => {
    const where = `aws_apigatewayv2_route.${name}`;
    const target = /^integrations\/\$\{aws_apigatewayv2_integration\.([\w-]+)\.id\}$/.exec(
      String(route.target),
    );
    if (target === null) throw new StackModelError(`${where}.target: not an integration`);
    const integrationAddress = { type: "aws_apigatewayv2_integration", name: target[1] };
    const integration = resourceAt(json, integrationAddress, where);
    if (
      integration.integration_type !== "AWS_PROXY" ||
      integration.payload_format_version !== "2.0"
    ) {
      throw new StackModelError(
        `${addressText(integrationAddress)}: only AWS_PROXY payload 2.0 is emulated`,
      );
    }
    return {
      routeKey: String(route.route_key),
      function: referencedAddress(
        integration.integration_uri,
        `${addressText(integrationAddress)}.integration_uri`,
      ),
    };
  });
}

function functionUrlTarget(json: StackJson, url: Address): Address {
  const resource = resourceAt(json, url, "origin");
  const name = resource.function_name;
  const ref = typeof name === "string" ? REFERENCE.exec(name) : null;
  if (ref !== null) return { type: ref[1], name: ref[2] };
  const match = Object.entries(json.resource.aws_lambda_function ?? {}).find(
    ([, f]) => f.function_name === name,
  );
  if (match === undefined)
    throw new StackModelError(`${addressText(url)}: no function ${String(name)}`);
  return { type: "aws_lambda_function", name: match[0] };
}

/** One origin block as an OriginModel. */
export function originModel(json: StackJson, o: Block, where: string): OriginModel {
  const id = String(o.origin_id);
  // The domain says what the origin is; an origin access control alone does
  // not (S3 and Lambda function URLs both take one).
  const domain = String(o.domain_name);
  if (
    /aws_s3_bucket\.[\w-]+\.bucket(_regional)?_domain_name/.test(domain) ||
    o.s3_origin_config !== undefined
  ) {
    return { kind: "s3", id };
  }
  const api = /aws_apigatewayv2_api\.([\w-]+)\.api_endpoint/.exec(domain);
  if (api !== null) {
    const address = { type: "aws_apigatewayv2_api", name: api[1] };
    return { kind: "api", id, api: address, routes: apiRoutes(json, address) };
  }
  const url = /aws_lambda_function_url\.([\w-]+)\.function_url/.exec(domain);
  if (url !== null) {
    const address = { type: "aws_lambda_function_url", name: url[1] };
    return { kind: "function-url", id, function: functionUrlTarget(json, address) };
  }
  throw new StackModelError(`${where}.domain_name: cannot emulate the origin ${domain}`);
}
