// Signed-cookie mode as synthesized (the shipped partners environment),
// issuer side: the cookie issuer in the home region, its config, its role
// (the active key's secret and nothing else), its Cognito app client and
// groups, and the function URL only the distribution may invoke.
import "cdktf/lib/testing/adapters/jest";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { parseConfig as parseIssuerConfig } from "../../functions/cookie-issuer/parse-config";
import {
  actions,
  DISTRIBUTION_DOMAIN,
  lambdaNamed,
  named,
  policyOf,
  roleNamed,
} from "../support/session-cookie-stack";
import {
  ISSUER,
  issuerConfig,
  issuerConfigAtApply,
  partnersVariant,
  signedCookieInput,
} from "../support/signed-cookie-stack";
import {
  dataOf,
  policyStatements,
  removeTestingOutdirs,
  resourcesOf,
  shippedEnvironment,
  synthesize,
  type SynthesizedStack,
} from "../support/synth";

let partners: SynthesizedStack;
beforeAll(() => {
  partners = synthesize(shippedEnvironment("partners"));
});
afterAll(removeTestingOutdirs);

const SECRET = "edge-gate/partners/cloudfront-key/k20261123";
const PARTITION = /^\$\{data\.aws_partition\.[\w-]+\.partition\}$/;
const readSecret = (s: SynthesizedStack) =>
  policyOf(s, ISSUER).find((st) => st.Sid === "ReadActiveSigningKey")!;
/** `arn:<partition>:secretsmanager:...`, the partition reference checked and taken out. */
const withoutPartition = (arn: string) => {
  const [, partition, rest] = /^arn:([^:]+):(.*)$/.exec(arn) ?? [];
  expect(partition).toMatch(PARTITION);
  return `arn:<partition>:${rest}`;
};

describe("cookie issuer (regional Lambda)", () => {
  it("runs in the home region with its config in the parameter EDGE_GATE_CONFIG_PARAMETER names", () => {
    const fn = lambdaNamed(partners, ISSUER);
    expect(fn).toMatchObject({ runtime: "nodejs22.x", handler: "index.handler", timeout: 10 });
    expect(fn.provider).toBeUndefined();
    expect(fn.publish).toBeUndefined();
    expect(Object.keys((fn.environment as { variables: object }).variables)).toEqual([
      "EDGE_GATE_CONFIG_PARAMETER",
    ]);
    expect(partners.text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: `/aws/lambda/${ISSUER}`,
      retention_in_days: 30,
    });
  });

  it("gets the site, hosted UI, JWKS, active key, lifetimes and path rules in its config", () => {
    expect(issuerConfig(partners)).toEqual({
      siteOrigin: `https://${DISTRIBUTION_DOMAIN}`,
      basePath: "/_auth",
      hostedUi: {
        baseUrl: expect.stringMatching(
          /^https:\/\/\$\{aws_cognito_user_pool_domain\..*\.auth\.us-west-2\.amazoncognito\.com$/,
        ),
        clientId: expect.stringMatching(/hosted-ui-client-cookie-issuer_\w+\.id\}$/),
        scopes: ["openid", "email", "profile"],
        issuer: expect.stringMatching(/^https:\/\/\$\{aws_cognito_user_pool\.[\w-]+\.endpoint\}$/),
        jwksUri: expect.stringMatching(/\.endpoint\}\/\.well-known\/jwks\.json$/),
      },
      jwks: expect.stringMatching(/^\$\{jsondecode\(data\.http\.[\w-]+\.response_body\)\}$/),
      accessTokenClientIds: [expect.stringMatching(/users_client-portal_\w+\.id\}$/)],
      signingKey: {
        keyPairId: expect.stringMatching(
          /^\$\{aws_cloudfront_public_key\.[\w-]+k20261123_\w+\.id\}$/,
        ),
        secretId: SECRET,
      },
      hashAlgorithm: "SHA256",
      secretsManager: { region: "us-west-2", endpoint: null },
      cookieLifetimeSeconds: 3600,
      signedUrlLifetimeSeconds: 900,
      cookieDomain: null,
      rules: {
        groupPrefixes: [{ group: "partners", prefix: "/partners/" }],
        userPrefixes: ["/users/{sub}/"],
      },
      corsAllowedOrigins: [],
      afterLogoutPath: "/",
    });
    expect(dataOf(partners, "http").url).toMatch(/\.endpoint\}\/\.well-known\/jwks\.json$/);
  });

  it("gets a config the issuer's own config check accepts", () => {
    expect(parseIssuerConfig(issuerConfigAtApply(issuerConfig(partners)))).toMatchObject({
      ok: true,
    });
  });

  it("runs under a role only lambda may assume", () => {
    expect(policyStatements(roleNamed(partners, ISSUER).assume_role_policy)).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  it("may only read the active key's secret and its own config, besides writing its own log group", () => {
    const policy = policyOf(partners, ISSUER);
    expect(actions(policy)).toEqual([
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "secretsmanager:GetSecretValue",
      "ssm:GetParameter",
    ]);
    expect(policy.every((s) => s.Effect === "Allow")).toBe(true);
    const read = readSecret(partners);
    expect(read.Action).toEqual(["secretsmanager:GetSecretValue"]);
    // Secrets Manager appends '-' and six random characters to a secret's name.
    expect((read.Resource as string[]).map(withoutPartition)).toEqual([
      `arn:<partition>:secretsmanager:us-west-2:*:secret:${SECRET}-??????`,
    ]);
  });

  it("names the pinned accounts, takes a given ARN as is, and skips inactive keys", () => {
    const arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:partners-next-AbCdEf";
    const variant = synthesize(
      partnersVariant((e) => {
        e.allowedAccountIds = ["123456789012", "210987654321"];
        delete e.deployment; // its roles are in another account
        const keys = signedCookieInput(e).keys;
        keys.push({ ...keys[0], id: "k20270101", secret: arn, active: false });
      }),
    );
    expect((readSecret(variant).Resource as string[]).map(withoutPartition)).toEqual([
      `arn:<partition>:secretsmanager:us-west-2:123456789012:secret:${SECRET}-??????`,
      `arn:<partition>:secretsmanager:us-west-2:210987654321:secret:${SECRET}-??????`,
    ]);
    const flipped = synthesize(
      partnersVariant((e) => {
        const keys = signedCookieInput(e).keys;
        keys[0].active = false;
        keys.push({ ...keys[0], id: "k20270101", secret: arn, active: true });
      }),
    );
    expect(readSecret(flipped).Resource).toEqual([arn]);
    expect((issuerConfig(flipped).signingKey as { secretId: string }).secretId).toBe(arn);
  });
});

describe("identity origin", () => {
  it("is the cookie issuer's function URL, with IAM auth, which only the distribution may invoke", () => {
    expect(partners.text).toHaveResourceWithProperties(LambdaFunctionUrl, {
      authorization_type: "AWS_IAM",
      function_name: expect.stringMatching(/cookie-issuer_function_\w+\.function_name\}$/),
    });
    expect(partners.text).toHaveResourceWithProperties(LambdaPermission, {
      principal: "cloudfront.amazonaws.com",
      function_name: expect.stringMatching(/cookie-issuer_function_\w+\.function_name\}$/),
      source_arn: expect.stringMatching(/^\$\{aws_cloudfront_distribution\.[\w-]+\.arn\}$/),
    });
    expect(resourcesOf(partners, "aws_lambda_function_url")).toHaveLength(1);
  });
});

describe("Cognito", () => {
  const client = (s: SynthesizedStack) => named(s, "aws_cognito_user_pool_client", "name", ISSUER);

  it("gives the issuer a public code-flow client that returns to /_auth/callback", () => {
    expect(client(partners)).toMatchObject({
      generate_secret: false,
      allowed_oauth_flows: ["code"],
      allowed_oauth_scopes: ["openid", "email", "profile"],
      prevent_user_existence_errors: "ENABLED",
      callback_urls: [`https://${DISTRIBUTION_DOMAIN}/_auth/callback`],
      logout_urls: [`https://${DISTRIBUTION_DOMAIN}/`],
    });
  });

  it("names the custom domain, and sets it as the cookies' domain, when there is one", () => {
    const custom = synthesize(
      partnersVariant((e) => {
        e.customDomain = { domainName: "files.example.com", route53ZoneId: "Z0123456789EXAMPLE01" };
        signedCookieInput(e).afterLogoutPath = "/bye.html";
      }),
    );
    expect(client(custom)).toMatchObject({
      callback_urls: ["https://files.example.com/_auth/callback"],
      logout_urls: ["https://files.example.com/bye.html"],
    });
    expect(issuerConfig(custom)).toMatchObject({
      siteOrigin: "https://files.example.com",
      cookieDomain: "files.example.com",
      afterLogoutPath: "/bye.html",
    });
    expect(custom.json.output.cookie_endpoint.value).toBe(
      "https://files.example.com/_auth/cookies",
    );
  });

  it("creates the groups the path rules name", () => {
    const groups = resourcesOf(partners, "aws_cognito_user_group");
    expect(groups.map((g) => g.name)).toEqual(["partners"]);
    expect(groups[0].description).toBe(
      "Members may read the partners prefixes (edge-gate path rules)",
    );
  });
});
