// The regional login functions are reachable only through the distribution:
// a Lambda function URL with IAM auth behind CloudFront Origin Access Control,
// invoke permissions for this distribution alone, no API Gateway anywhere,
// and the config that names the site kept in a parameter so the function
// does not depend on the distribution that depends on its URL.
import "cdktf/lib/testing/adapters/jest";
import { decodeJsonencode } from "../support/jsonencode";
import {
  policyStatements,
  removeTestingOutdirs,
  resourcesOf,
  shippedEnvironment,
  synthesize,
  variantOf,
  type Block,
  type SynthesizedStack,
} from "../support/synth";

const MODES = [
  { env: "staging", fn: "staging-session-manager", base: "/_identity", region: "eu-central-1" },
  { env: "partners", fn: "partners-cookie-issuer", base: "/_auth", region: "us-west-2" },
] as const;

const stacks = new Map<string, SynthesizedStack>();
beforeAll(() => {
  for (const { env } of MODES) stacks.set(env, synthesize(shippedEnvironment(env)));
});
afterAll(removeTestingOutdirs);

function lambdaKey(s: SynthesizedStack, name: string): string {
  const entry = Object.entries(s.json.resource.aws_lambda_function ?? {}).find(
    ([, b]) => b.function_name === name,
  );
  if (!entry) throw new Error(`no function ${name}`);
  return entry[0];
}

function distribution(s: SynthesizedStack): { key: string; block: Block } {
  const [key, block] = Object.entries(s.json.resource.aws_cloudfront_distribution)[0];
  return { key, block };
}

describe.each(MODES)(
  "$env: $base reachable only through CloudFront",
  ({ env, fn, base, region }) => {
    const s = () => stacks.get(env)!;

    it("has no API Gateway resource (no public execute-api endpoint)", () => {
      const apiGateway = Object.keys(s().json.resource).filter((t) =>
        t.startsWith("aws_apigateway"),
      );
      expect(apiGateway).toEqual([]);
    });

    it("gives the function a URL that only SigV4-signed callers may use", () => {
      const urls = resourcesOf(s(), "aws_lambda_function_url");
      expect(urls).toHaveLength(1);
      expect(urls[0]).toMatchObject({
        authorization_type: "AWS_IAM",
        function_name: `\${aws_lambda_function.${lambdaKey(s(), fn)}.function_name}`,
      });
    });

    it("routes the base path to the URL through a Lambda origin access control that always signs", () => {
      const oacs = resourcesOf(s(), "aws_cloudfront_origin_access_control").filter(
        (o) => o.origin_access_control_origin_type === "lambda",
      );
      expect(oacs).toHaveLength(1);
      expect(oacs[0]).toMatchObject({ signing_behavior: "always", signing_protocol: "sigv4" });
      const { block } = distribution(s());
      const behaviour = (block.ordered_cache_behavior as Block[]).find(
        (b) => b.path_pattern === `${base}/*`,
      )!;
      const origin = (block.origin as Block[]).find(
        (o) => o.origin_id === behaviour.target_origin_id,
      )!;
      expect(origin.origin_access_control_id).toMatch(
        /^\$\{aws_cloudfront_origin_access_control\.[\w-]+\.id\}$/,
      );
      expect(origin.domain_name).toMatch(/aws_lambda_function_url\.[\w-]+\.function_url/);
      expect(origin.custom_origin_config).toMatchObject({
        origin_protocol_policy: "https-only",
        origin_ssl_protocols: ["TLSv1.2"],
      });
      // The URL answers to its own Host only: the viewer's must not reach it.
      expect(behaviour.origin_request_policy_id).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac");
    });

    it("lets this distribution, and no one else, invoke the function", () => {
      const { key } = distribution(s());
      const permissions = resourcesOf(s(), "aws_lambda_permission");
      expect(permissions.map((p) => p.action).sort()).toEqual([
        "lambda:InvokeFunction",
        "lambda:InvokeFunctionUrl",
      ]);
      for (const p of permissions) {
        expect(p).toMatchObject({
          principal: "cloudfront.amazonaws.com",
          source_arn: `\${aws_cloudfront_distribution.${key}.arn}`,
          function_name: `\${aws_lambda_function.${lambdaKey(s(), fn)}.function_name}`,
        });
      }
      const urlPermission = permissions.find((p) => p.action === "lambda:InvokeFunctionUrl");
      expect(urlPermission?.function_url_auth_type).toBe("AWS_IAM");
    });

    it("keeps the distribution and the Cognito client out of the function's own configuration", () => {
      const block = s().json.resource.aws_lambda_function[lambdaKey(s(), fn)];
      const text = JSON.stringify(block);
      expect(text).not.toMatch(/aws_cloudfront_distribution|aws_cognito_user_pool_client/);
      const variables = (block.environment as { variables: Record<string, string> }).variables;
      expect(Object.keys(variables)).toEqual(["EDGE_GATE_CONFIG_PARAMETER"]);
    });

    it("holds the config that names the site in a parameter the function alone may read", () => {
      const block = s().json.resource.aws_lambda_function[lambdaKey(s(), fn)];
      const variables = (block.environment as { variables: Record<string, string> }).variables;
      const source = JSON.parse(variables.EDGE_GATE_CONFIG_PARAMETER) as Record<string, unknown>;
      expect(source).toEqual({ name: `/edge-gate/${fn}/config`, region });
      const parameters = resourcesOf(s(), "aws_ssm_parameter");
      expect(parameters).toHaveLength(1);
      expect(parameters[0]).toMatchObject({ name: source.name, type: "String" });
      const config = decodeJsonencode(parameters[0].insecure_value as string) as Record<
        string,
        unknown
      >;
      const { key } = distribution(s());
      expect(config.siteOrigin).toBe(`https://\${aws_cloudfront_distribution.${key}.domain_name}`);
      const role = resourcesOf(s(), "aws_iam_role_policy").find(
        (p) => p.name === `${fn}-permissions`,
      )!;
      const reads = policyStatements(role.policy).filter((st) =>
        ([] as string[]).concat(st.Action).some((a) => a.startsWith("ssm:")),
      );
      expect(reads).toHaveLength(1);
      expect(reads[0].Action).toEqual(["ssm:GetParameter"]);
      expect(reads[0].Resource).toEqual([
        expect.stringMatching(
          new RegExp(
            `^arn:\\$\\{data\\.aws_partition\\.[\\w-]+\\.partition\\}:ssm:${region}:[\\d*]+:parameter/edge-gate/${fn}/config$`,
          ),
        ),
      ]);
    });
  },
);

describe("throttling", () => {
  it("leaves the function's concurrency unreserved unless the environment sets a limit", () => {
    const fn = stacks.get("staging")!.json.resource.aws_lambda_function;
    const manager = Object.values(fn).find((b) => b.function_name === "staging-session-manager")!;
    expect(manager.reserved_concurrent_executions).toBeUndefined();
  });

  it("reserves the burst limit as the function's concurrency when the environment sets one", () => {
    const s = synthesize(
      variantOf("staging", (e) => {
        e.identityApiThrottling = { burstLimit: 20 };
      }),
    );
    const manager = Object.values(s.json.resource.aws_lambda_function).find(
      (b) => b.function_name === "staging-session-manager",
    )!;
    expect(manager.reserved_concurrent_executions).toBe(20);
  });
});

describe("signed-cookie: a program's bearer token survives the origin signature", () => {
  it("copies Authorization to x-gate-viewer-authorization in a viewer-request CloudFront Function on /_auth/*", () => {
    const s = stacks.get("partners")!;
    const functions = resourcesOf(s, "aws_cloudfront_function");
    expect(functions).toHaveLength(1);
    expect(functions[0]).toMatchObject({ runtime: "cloudfront-js-2.0", publish: true });
    const { block } = distribution(s);
    const behaviour = (block.ordered_cache_behavior as Block[]).find(
      (b) => b.path_pattern === "/_auth/*",
    )!;
    expect(behaviour.function_association).toEqual([
      {
        event_type: "viewer-request",
        function_arn: expect.stringMatching(/^\$\{aws_cloudfront_function\.[\w-]+\.arn\}$/),
      },
    ]);
  });

  it("has no CloudFront Function in session-cookie mode (the session manager reads no Authorization)", () => {
    expect(resourcesOf(stacks.get("staging")!, "aws_cloudfront_function")).toEqual([]);
  });
});
