// Session-cookie mode as synthesized (the shipped staging environment), edge
// side: the session table and its replica, the session checker, the
// distribution's /_identity/* behaviour, the outputs, and a snapshot.
// The identity side is in session-cookie-identity.test.ts.
import "cdktf/lib/testing/adapters/jest";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { parseConfig as parseCheckerConfig } from "../../functions/session-checker/parse-config";
import { MANAGED_POLICY } from "../../stacks/distribution";
import {
  actions,
  checkerConfig,
  DISTRIBUTION_DOMAIN,
  lambdaNamed,
  policyOf,
  REF,
  roleNamed,
  TABLE_ARN,
  withApplyTimeValues,
} from "../support/session-cookie-stack";
import {
  policyStatements,
  removeTestingOutdirs,
  resourceOf,
  shippedEnvironment,
  synthesize,
  variantOf,
  withoutBundles,
  type Block,
  type SynthesizedStack,
} from "../support/synth";

let staging: SynthesizedStack;
beforeAll(() => {
  staging = synthesize(shippedEnvironment("staging"));
});
afterAll(removeTestingOutdirs);

const distribution = (s: SynthesizedStack) => resourceOf(s, "aws_cloudfront_distribution");

describe("session table", () => {
  it("is on-demand, keyed by pk, encrypted, recoverable and kept from destroy", () => {
    expect(staging.text).toHaveResourceWithProperties(DynamodbTable, {
      name: "staging-sessions",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "pk",
      attribute: [{ name: "pk", type: "S" }],
      server_side_encryption: { enabled: true },
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
    });
    expect(resourceOf(staging, "aws_dynamodb_table").provider).toBeUndefined();
  });

  it("lets TTL remove expired sessions by expiresAt", () => {
    expect(resourceOf(staging, "aws_dynamodb_table").ttl).toEqual({
      attribute_name: "expiresAt",
      enabled: true,
    });
  });

  it("replicates to the replica regions through a NEW_AND_OLD_IMAGES stream", () => {
    expect(resourceOf(staging, "aws_dynamodb_table")).toMatchObject({
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      replica: [{ region_name: "us-east-1", point_in_time_recovery: true, propagate_tags: true }],
    });
  });

  it("has no stream and no replica without replica regions", () => {
    const single = synthesize(variantOf("staging", (e) => replicas(e, [])));
    const table = resourceOf(single, "aws_dynamodb_table");
    expect(table.stream_enabled).toBeUndefined();
    expect(table.replica).toBeUndefined();
    const read = policyOf(single, "staging-session-checker").find((s) => s.Sid === "ReadSessions");
    expect(read?.Resource).toEqual([expect.stringMatching(TABLE_ARN)]);
  });
});

describe("session checker (Lambda@Edge)", () => {
  it("is attached to the default behaviour as viewer-request by its qualified ARN", () => {
    const behaviour = distribution(staging).default_cache_behavior as Block;
    expect(behaviour.lambda_function_association).toEqual([
      {
        event_type: "viewer-request",
        include_body: false,
        lambda_arn: expect.stringMatching(REF("aws_lambda_function", "qualified_arn")),
      },
    ]);
    expect(JSON.stringify(behaviour)).toContain("session-cookie_viewer-request_function");
    expect(lambdaNamed(staging, "staging-session-checker")).toMatchObject({
      provider: "aws.us_east_1",
      publish: true,
    });
  });

  it("runs under a role that lambda and edgelambda may assume", () => {
    expect(
      policyStatements(roleNamed(staging, "staging-session-checker").assume_role_policy),
    ).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  it("may only GetItem on the table and its replicas and record activity, besides writing its own logs", () => {
    const policy = policyOf(staging, "staging-session-checker");
    expect(actions(policy)).toEqual([
      "dynamodb:GetItem",
      "dynamodb:UpdateItem",
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]);
    for (const s of policy.filter((s) => actions([s])[0].startsWith("logs:"))) {
      for (const r of s.Resource as string[])
        expect(r).toContain("us-east-1.staging-session-checker");
    }
    const read = policy.find((s) => s.Sid === "ReadSessions")!;
    expect(read.Effect).toBe("Allow");
    const [home, replica] = read.Resource as string[];
    expect(read.Resource).toHaveLength(2);
    expect(home).toMatch(TABLE_ARN);
    // The replica ARN is a local: evaluate its replace() on a real table ARN.
    const local = /^\$\{local\.([\w-]+)\}$/.exec(replica)?.[1] ?? "";
    const locals = (staging.json as unknown as { locals: Record<string, string> }).locals;
    const call = /^\$\{replace\(([\w.-]+), "([^"]+)", "([^"]+)"\)\}$/.exec(locals[local]);
    expect(call?.[1]).toBe(home.slice(2, -1));
    const sample = "arn:aws:dynamodb:eu-central-1:123456789012:table/staging-sessions";
    expect(sample.replace(call![2], call![3])).toBe(
      "arn:aws:dynamodb:us-east-1:123456789012:table/staging-sessions",
    );
  });

  it("may UpdateItem only the lastSeenAt of session items, in the home table, returning nothing", () => {
    const policy = policyOf(staging, "staging-session-checker");
    expect(policy.filter((s) => actions([s]).includes("dynamodb:UpdateItem"))).toEqual([
      {
        Sid: "RecordActivity",
        Effect: "Allow",
        Action: ["dynamodb:UpdateItem"],
        Resource: [expect.stringMatching(TABLE_ARN)],
        Condition: {
          // IAM counts every attribute a request names, its condition's too.
          "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "lastSeenAt"] },
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["session#*"] },
          StringEqualsIfExists: { "dynamodb:ReturnValues": "NONE" },
        },
      },
    ]);
  });

  it("records no activity, and may not, without an idle timeout", () => {
    const noIdle = synthesize(
      variantOf("staging", (e) => {
        Object.assign(e.protection, { idleTimeoutMinutes: null });
      }),
    );
    expect(actions(policyOf(noIdle, "staging-session-checker"))).not.toContain(
      "dynamodb:UpdateItem",
    );
    expect(checkerConfig(noIdle)).toMatchObject({
      idleTimeoutSeconds: null,
      activityIntervalSeconds: null,
    });
  });

  it("gets its config.json from the environment and the table", () => {
    expect(checkerConfig(staging)).toEqual({
      cookieName: "__Host-edge-gate-session",
      table: {
        name: expect.stringMatching(REF("aws_dynamodb_table", "name")),
        homeRegion: "eu-central-1",
        replicaRegions: ["us-east-1"],
        endpoint: "https://dynamodb.{region}.amazonaws.com",
      },
      lookupTimeoutMs: 1000,
      positiveCacheSeconds: 300,
      negativeCacheSeconds: 5,
      cacheMaxEntries: 10000,
      idleTimeoutSeconds: 3600,
      activityIntervalSeconds: 300,
      loginPath: "/_identity/login",
      rules: {
        publicPrefixes: ["/index.html", "/favicon.ico", "/public/"],
        groupPrefixes: [{ group: "staff", prefix: "/staff/" }],
        userPrefixes: ["/users/{sub}/"],
      },
      identityHeader: "x-gate-sub",
      corsAllowedOrigins: [],
    });
  });

  it("creates the Cognito groups the path rules name, in the environment's user pool", () => {
    const groups = Object.values(staging.json.resource.aws_cognito_user_group ?? {});
    expect(groups).toEqual([
      {
        name: "staff",
        user_pool_id: expect.stringMatching(REF("aws_cognito_user_pool", "id")),
        description: "Members may read the staff prefixes (edge-gate path rules)",
      },
    ]);
  });

  it("renders a config.json the session checker's own config check accepts", () => {
    expect(parseCheckerConfig(withApplyTimeValues(checkerConfig(staging)))).toMatchObject({
      ok: true,
    });
  });

  it("never remembers an unknown session longer than a known one", () => {
    const quick = synthesize(
      variantOf("staging", (e) => {
        Object.assign(e.protection, { lookupCacheSeconds: 2, idleTimeoutMinutes: null });
      }),
    );
    expect(checkerConfig(quick)).toMatchObject({
      positiveCacheSeconds: 2,
      negativeCacheSeconds: 2,
      idleTimeoutSeconds: null,
    });
  });
});

describe("distribution", () => {
  it("sends /_identity/* uncached, with all viewer headers but Host, to the function URL, unchecked", () => {
    const ordered = distribution(staging).ordered_cache_behavior as Block[];
    expect(ordered).toEqual([
      {
        path_pattern: "/_identity/*",
        target_origin_id: "identity-api",
        viewer_protocol_policy: "redirect-to-https",
        allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
        cached_methods: ["GET", "HEAD"],
        compress: true,
        cache_policy_id: MANAGED_POLICY.cachingDisabled,
        origin_request_policy_id: MANAGED_POLICY.allViewerExceptHostHeader,
        response_headers_policy_id: expect.stringMatching(
          REF("aws_cloudfront_response_headers_policy", "id"),
        ),
      },
    ]);
  });

  it("reaches the function URL over HTTPS only (TLS 1.2), signed by CloudFront", () => {
    const origin = (distribution(staging).origin as Block[]).find(
      (o) => o.origin_id === "identity-api",
    );
    expect(origin).toEqual({
      origin_id: "identity-api",
      domain_name: expect.stringMatching(
        /^\$\{element\(split\("\/", aws_lambda_function_url\.[\w-]+\.function_url\), 2\)\}$/,
      ),
      origin_access_control_id: expect.stringMatching(
        REF("aws_cloudfront_origin_access_control", "id"),
      ),
      custom_origin_config: {
        http_port: 80,
        https_port: 443,
        origin_protocol_policy: "https-only",
        origin_ssl_protocols: ["TLSv1.2"],
      },
    });
  });

  it("depends on the function URL, never on what needs its domain (no cycle)", () => {
    const text = JSON.stringify(distribution(staging));
    expect(text).not.toMatch(/session-manager|apigatewayv2|cognito|ssm_parameter/);
  });
});

describe("outputs", () => {
  it("adds the session table and the login URL", () => {
    expect(staging.json.output.session_table.value).toMatch(REF("aws_dynamodb_table", "name"));
    expect(staging.json.output.login_url.value).toBe(
      `https://${DISTRIBUTION_DOMAIN}/_identity/login`,
    );
    expect(staging.json.output.protection_mode.value).toBe("session-cookie");
  });
});

describe("snapshot", () => {
  it("staging synthesizes as recorded", () => {
    expect(withoutBundles(staging)).toMatchSnapshot();
  });
});

function replicas(env: { protection: unknown }, regions: string[]): void {
  (env.protection as { replicaRegions: string[] }).replicaRegions = regions;
}
