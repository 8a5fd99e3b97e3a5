// Session-cookie mode as synthesized (the shipped staging environment),
// identity side: the identity origin, the session manager in the home region and
// its Cognito app client, all named after the site's origin.
import "cdktf/lib/testing/adapters/jest";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { parseConfig as parseManagerConfig } from "../../functions/session-manager/parse-config";
import {
  actions,
  DISTRIBUTION_DOMAIN,
  lambdaNamed,
  managerConfig,
  named,
  policyOf,
  REF,
  roleNamed,
  TABLE_ARN,
  withApplyTimeValues,
} from "../support/session-cookie-stack";
import {
  policyStatements,
  removeTestingOutdirs,
  shippedEnvironment,
  synthesize,
  variantOf,
  type SynthesizedStack,
} from "../support/synth";

let staging: SynthesizedStack;
beforeAll(() => {
  staging = synthesize(shippedEnvironment("staging"));
});
afterAll(removeTestingOutdirs);

// The identity origin as a function URL only the distribution can reach
// (replacing the HTTP API, whose public endpoint bypassed CloudFront) is
// asserted in identity-origin.test.ts.
describe("identity origin", () => {
  it("is the session manager's function URL, with IAM auth", () => {
    expect(staging.text).toHaveResourceWithProperties(LambdaFunctionUrl, {
      authorization_type: "AWS_IAM",
      function_name: expect.stringMatching(/session-manager_function_\w+\.function_name\}$/),
    });
  });

  it("lets only the distribution invoke the session manager", () => {
    for (const action of ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"]) {
      expect(staging.text).toHaveResourceWithProperties(LambdaPermission, {
        action,
        principal: "cloudfront.amazonaws.com",
        function_name: expect.stringMatching(/session-manager_function_\w+\.function_name\}$/),
        source_arn: expect.stringMatching(REF("aws_cloudfront_distribution", "arn")),
      });
    }
  });
});

describe("session manager (regional Lambda)", () => {
  it("runs in the home region with its config in the parameter EDGE_GATE_CONFIG_PARAMETER names", () => {
    const fn = lambdaNamed(staging, "staging-session-manager");
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      handler: "index.handler",
      architectures: ["x86_64"],
      memory_size: 256,
      timeout: 10,
    });
    expect(fn.provider).toBeUndefined();
    expect(fn.publish).toBeUndefined();
    expect(Object.keys((fn.environment as { variables: object }).variables)).toEqual([
      "EDGE_GATE_CONFIG_PARAMETER",
    ]);
    expect(managerConfig(staging)).toEqual({
      siteOrigin: `https://${DISTRIBUTION_DOMAIN}`,
      basePath: "/_identity",
      hostedUi: {
        baseUrl: expect.stringMatching(
          /^https:\/\/\$\{aws_cognito_user_pool_domain\..*\.auth\.eu-central-1\.amazoncognito\.com$/,
        ),
        clientId: expect.stringMatching(/hosted-ui-client-session-manager_\w+\.id\}$/),
        scopes: ["openid", "email", "profile"],
        issuer: expect.stringMatching(/^https:\/\/\$\{aws_cognito_user_pool\.[\w-]+\.endpoint\}$/),
        jwksUri: expect.stringMatching(/\.endpoint\}\/\.well-known\/jwks\.json$/),
      },
      table: {
        name: expect.stringMatching(REF("aws_dynamodb_table", "name")),
        region: "eu-central-1",
        endpoint: null,
      },
      cookieName: "__Host-edge-gate-session",
      sessionLifetimeSeconds: 28800,
      idleTimeoutSeconds: 3600,
      afterLogoutPath: "/",
    });
  });

  it("gets a config the session manager's own config check accepts", () => {
    expect(parseManagerConfig(withApplyTimeValues(managerConfig(staging)))).toMatchObject({
      ok: true,
    });
  });

  it("runs under a role only lambda may assume", () => {
    expect(
      policyStatements(roleNamed(staging, "staging-session-manager").assume_role_policy),
    ).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  it("may only read and write items of the home table, read its config, and write its own log group", () => {
    const policy = policyOf(staging, "staging-session-manager");
    const sessions = policy.find((s) => s.Sid === "ManageSessions")!;
    const config = policy.find((s) => s.Sid === "ReadOwnConfig")!;
    expect(config.Action).toEqual(["ssm:GetParameter"]);
    expect(actions([sessions])).toEqual([
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
    expect(sessions.Resource).toMatch(TABLE_ARN);
    const logs = policy.filter((s) => s !== sessions && s !== config);
    expect(actions(logs)).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    expect(logs[0].Resource).toEqual([
      expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}:\*$/),
    ]);
    expect(policy.every((s) => s.Effect === "Allow")).toBe(true);
  });

  it("logs to its own log group, kept 30 days", () => {
    expect(staging.text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/lambda/staging-session-manager",
      retention_in_days: 30,
    });
  });
});

describe("Cognito app client of the session manager", () => {
  const client = (s: SynthesizedStack) =>
    named(s, "aws_cognito_user_pool_client", "name", "staging-session-manager");

  it("is a public code-flow client asking for openid, email and profile", () => {
    expect(client(staging)).toMatchObject({
      generate_secret: false,
      allowed_oauth_flows_user_pool_client: true,
      allowed_oauth_flows: ["code"],
      allowed_oauth_scopes: ["openid", "email", "profile"],
      supported_identity_providers: ["COGNITO"],
      enable_token_revocation: true,
      prevent_user_existence_errors: "ENABLED",
    });
  });

  it("sends the browser back to the distribution's domain", () => {
    expect(client(staging)).toMatchObject({
      callback_urls: [`https://${DISTRIBUTION_DOMAIN}/_identity/auth`],
      logout_urls: [`https://${DISTRIBUTION_DOMAIN}/`],
    });
  });

  it("names the custom domain instead when there is one", () => {
    const custom = synthesize(
      variantOf("staging", (e) => {
        e.customDomain = { domainName: "files.example.com", route53ZoneId: "Z0123456789EXAMPLE01" };
      }),
    );
    expect(client(custom).callback_urls).toEqual(["https://files.example.com/_identity/auth"]);
    expect(managerConfig(custom).siteOrigin).toBe("https://files.example.com");
    expect(custom.json.output.login_url.value).toBe("https://files.example.com/_identity/login");
  });
});
