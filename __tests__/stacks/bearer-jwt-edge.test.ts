// The bearer-JWT edge function as synthesized: package (bundle + config.json
// from Terraform values), role, function, association; plus the providers,
// backends and outputs of the stack.
import "cdktf/lib/testing/adapters/jest";
import {
  dataOf,
  removeTestingOutdirs,
  resourceOf,
  shippedEnvironment,
  synthesize,
  variantOf,
  withoutBundles,
  type Block,
  policyStatements,
  type SynthesizedStack,
} from "../support/synth";

let dev: SynthesizedStack;
let prod: SynthesizedStack;

beforeAll(() => {
  dev = synthesize(shippedEnvironment("dev"));
  prod = synthesize(shippedEnvironment("prod"));
});
afterAll(removeTestingOutdirs);

const sources = (s: SynthesizedStack) =>
  dataOf(s, "archive_file").source as { filename: string; content: string }[];

describe("edge function package", () => {
  it("zips the bundle as index.js and the runtime config as config.json", () => {
    expect(sources(dev).map((s) => s.filename)).toEqual(["index.js", "config.json"]);
    expect(dataOf(dev, "archive_file").type).toBe("zip");
  });

  it("reads the bundle from a file in the stack, marked sensitive so no plan prints the code", () => {
    const code = sources(dev)[0].content;
    const file = /^\$\{sensitive\(file\("(assets\/[\w-]+\/[0-9a-f]{32}\/index\.js)"\)\)\}$/.exec(
      code,
    );
    expect(file).not.toBeNull();
    expect(dev.text).not.toContain("exports.handler");
  });

  it("records the bundle's SHA-256 and size next to the function", () => {
    const records = Object.values(dev.json.resource.terraform_data).map((r) => r.input as Block);
    const code = records.find((input) => input["index.js"] !== undefined);
    expect(code).toEqual({
      function: "dev-bearer-jwt",
      "index.js": { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) },
    });
    const asset = /assets\/[\w-]+\/([0-9a-f]{32})\/index\.js/.exec(sources(dev)[0].content);
    // The asset directory is named after the same hash: new code, new path, new zip.
    expect((code?.["index.js"] as { sha256: string }).sha256.startsWith(asset?.[1] ?? "-")).toBe(
      true,
    );
  });

  it("renders config.json from Terraform values, with the JWKS read at apply time", () => {
    const config = sources(dev)[1].content;
    expect(config).toMatch(/^\$\{jsonencode\(/);
    expect(config).toContain('"issuer" = "https://${aws_cognito_user_pool.');
    expect(config).toMatch(/"jwks" = jsondecode\(data\.http\.[\w-]+\.response_body\)/);
    expect(config).toMatch(/"clientIds" = \[aws_cognito_user_pool_client\.[\w-]+\.id\]/);
    expect(config).toContain('"tokenQueryParameter" = "access_token"');
    expect(config).toContain('"corsAllowedOrigins" = ["http://localhost:5173"]');
  });

  it("reads the JWKS from the pool's well-known URL and insists on a 200", () => {
    const jwks = dataOf(dev, "http");
    expect(jwks.url).toMatch(
      /^https:\/\/\$\{aws_cognito_user_pool\.[\w-]+\.endpoint\}\/\.well-known\/jwks\.json$/,
    );
    expect(JSON.stringify(jwks.lifecycle)).toContain("self.status_code == 200");
  });

  it("accepts only the environment's allowed clients", () => {
    const config = sources(prod)[1].content;
    const clientIds = /"clientIds" = \[([^\]]*)\]/.exec(config)?.[1] ?? "";
    expect(clientIds.split(",")).toHaveLength(1);
    expect(clientIds).toMatch(/aws_cognito_user_pool_client\.users_client-web_[\w]+\.id/);
  });
});

describe("edge function", () => {
  it("is published in us-east-1, kept on destroy, within Lambda@Edge limits", () => {
    const fn = resourceOf(dev, "aws_lambda_function");
    expect(fn).toMatchObject({
      provider: "aws.us_east_1",
      publish: true,
      skip_destroy: true,
      handler: "index.handler",
      runtime: "nodejs22.x",
      architectures: ["x86_64"],
      memory_size: 128,
      timeout: 5,
    });
    expect(fn.filename).toMatch(/^\$\{data\.archive_file\.[\w-]+\.output_path\}$/);
    expect(fn.source_code_hash).toMatch(/output_base64sha256\}$/);
  });

  it("is attached to the default behaviour as viewer-request by its qualified ARN", () => {
    const behaviour = resourceOf(dev, "aws_cloudfront_distribution")
      .default_cache_behavior as Block;
    expect(behaviour.lambda_function_association).toEqual([
      {
        event_type: "viewer-request",
        include_body: false,
        lambda_arn: expect.stringMatching(/^\$\{aws_lambda_function\.[\w-]+\.qualified_arn\}$/),
      },
    ]);
  });

  it("runs under a role that lambda and edgelambda may assume", () => {
    const trust = policyStatements(resourceOf(dev, "aws_iam_role").assume_role_policy);
    expect(trust).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  it("may only write its own logs", () => {
    const policy = policyStatements(resourceOf(dev, "aws_iam_role_policy").policy);
    const actions = policy.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.sort()).toEqual([
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]);
    for (const s of policy) {
      expect(s.Effect).toBe("Allow");
      for (const resource of s.Resource as string[]) {
        expect(resource).toContain(":log-group:/aws/lambda/us-east-1.dev-bearer-jwt");
        expect(resource).not.toMatch(/log-group:\*/);
      }
    }
  });

  it("names the pinned account in its log ARNs when the environment pins one", () => {
    const policy = policyStatements(resourceOf(prod, "aws_iam_role_policy").policy);
    expect(JSON.stringify(policy)).toContain(
      ":logs:*:123456789012:log-group:/aws/lambda/us-east-1.prod-bearer-jwt",
    );
  });

  it("creates the Cognito groups the path rules name", () => {
    const groups = Object.values(prod.json.resource.aws_cognito_user_group).map((g) => g.name);
    expect(groups.sort()).toEqual(["admins", "finance"]);
  });
});

describe("providers, backend and outputs", () => {
  it("has a home-region provider and a us-east-1 provider", () => {
    const aws = prod.json.provider.aws;
    expect(aws).toHaveLength(2);
    expect(aws.find((p) => p.alias === undefined)?.region).toBe("eu-central-1");
    expect(aws.find((p) => p.alias === "us_east_1")?.region).toBe("us-east-1");
  });

  it("pins both providers to the allowed accounts", () => {
    for (const p of prod.json.provider.aws) {
      expect(p.allowed_account_ids).toEqual(["123456789012"]);
    }
    for (const p of dev.json.provider.aws) expect(p.allowed_account_ids).toBeUndefined();
  });

  it("tags every resource through the providers' default tags", () => {
    for (const p of prod.json.provider.aws) {
      expect(p.default_tags).toEqual([
        {
          tags: {
            "edge-gate:environment": "prod",
            project: "edge-gate",
            environment: "prod",
            "cost-center": "platform",
          },
        },
      ]);
    }
  });

  it("keeps local state (the default, for trying things) at a path relative to the project", () => {
    const local = synthesize(
      variantOf("dev", (e) => {
        delete e.backend;
        delete e.deployment;
      }),
    );
    expect(local.json.terraform.backend).toEqual({ local: { path: "../../../state/dev.tfstate" } });
  });

  it("keeps S3 state encrypted with S3-native locking", () => {
    expect(prod.json.terraform.backend.s3).toEqual({
      bucket: "edge-gate-terraform-state-123456789012",
      key: "edge-gate/prod.tfstate",
      region: "eu-central-1",
      encrypt: true,
      use_lockfile: true,
    });
  });

  it("outputs what a reviewer needs", () => {
    expect(Object.keys(dev.json.output).sort()).toEqual(
      [
        "app_client_ids",
        "content_bucket",
        "content_url",
        "distribution_domain",
        "distribution_id",
        "hosted_ui_url",
        "protection_mode",
        "token_issuer",
        "user_pool_id",
      ].sort(),
    );
    expect(prod.json.output.content_url.value).toBe("https://files.example.com");
    expect(dev.json.output.hosted_ui_url.value).toMatch(
      /^https:\/\/\$\{aws_cognito_user_pool_domain\.[\w-]+\.domain\}\.auth\.eu-west-1\.amazoncognito\.com$/,
    );
  });

  it("leaves CORS preflights to the function's checks when no origin may fetch", () => {
    const noCors = synthesize(variantOf("dev", (e) => (e.bucket.corsAllowedOrigins = [])));
    expect(sources(noCors)[1].content).toContain('"corsAllowedOrigins" = []');
    expect(noCors.json.resource.aws_s3_bucket_cors_configuration).toBeUndefined();
    expect(
      resourceOf(noCors, "aws_cloudfront_response_headers_policy").cors_config,
    ).toBeUndefined();
  });
});

describe("snapshots", () => {
  it.each(["dev", "prod"])("%s synthesizes as recorded", (name) => {
    expect(withoutBundles(name === "dev" ? dev : prod)).toMatchSnapshot();
  });
});
