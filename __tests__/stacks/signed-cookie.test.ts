// Signed-cookie mode as synthesized (the shipped partners environment),
// CloudFront side: the public keys and key group, the behaviours that require
// signed cookies and those that do not, the refusal page, the outputs, no
// private key anywhere, and a snapshot. The issuer side is in
// signed-cookie-issuer.test.ts.
import "cdktf/lib/testing/adapters/jest";
import * as fs from "node:fs";
import * as path from "node:path";
import { CloudfrontKeyGroup } from "@cdktf/provider-aws/lib/cloudfront-key-group";
import { CloudfrontPublicKey } from "@cdktf/provider-aws/lib/cloudfront-public-key";
import { ENVIRONMENTS_DIR } from "../../environments/schema";
import { MANAGED_POLICY } from "../../stacks/distribution";
import { DISTRIBUTION_DOMAIN, REF } from "../support/session-cookie-stack";
import { issuerConfig, partnersVariant, signedCookieInput } from "../support/signed-cookie-stack";
import {
  withoutBundles,
  removeTestingOutdirs,
  resourceOf,
  resourcesOf,
  shippedEnvironment,
  synthesize,
  type Block,
  type SynthesizedStack,
} from "../support/synth";

let partners: SynthesizedStack;
beforeAll(() => {
  partners = synthesize(shippedEnvironment("partners"));
});
afterAll(removeTestingOutdirs);

const distribution = (s: SynthesizedStack) => resourceOf(s, "aws_cloudfront_distribution");
const KEY_FILE = path.join(ENVIRONMENTS_DIR, "keys/partners/k20261123.pem");
const KEY_GROUP_ID = REF("aws_cloudfront_key_group", "id");
const CONTENT = {
  target_origin_id: "content-bucket",
  viewer_protocol_policy: "redirect-to-https",
  allowed_methods: ["GET", "HEAD", "OPTIONS"],
  cached_methods: ["GET", "HEAD"],
  compress: true,
  cache_policy_id: MANAGED_POLICY.cachingOptimized,
  origin_request_policy_id: MANAGED_POLICY.corsS3Origin,
  response_headers_policy_id: expect.stringMatching(
    REF("aws_cloudfront_response_headers_policy", "id"),
  ),
};

describe("signing keys", () => {
  it("publishes the key file's public key in us-east-1, named <env>-<id>", () => {
    expect(partners.text).toHaveResourceWithProperties(CloudfrontPublicKey, {
      name: "partners-k20261123",
      encoded_key: fs.readFileSync(KEY_FILE, "utf8"),
      comment: "Public half of the partners-k20261123 cookie-signing key (edge-gate)",
      provider: "aws.us_east_1",
    });
  });

  it("trusts every configured key in one key group in us-east-1", () => {
    expect(partners.text).toHaveResourceWithProperties(CloudfrontKeyGroup, {
      name: "partners-signing-keys",
      items: [expect.stringMatching(REF("aws_cloudfront_public_key", "id"))],
      provider: "aws.us_east_1",
    });
    const rotating = synthesize(
      partnersVariant((e) => {
        const keys = signedCookieInput(e).keys;
        keys[0].active = false;
        keys.push({ ...keys[0], id: "k20270101", secret: "edge-gate/partners/next", active: true });
      }),
    );
    const names = resourcesOf(rotating, "aws_cloudfront_public_key").map((k) => k.name);
    expect(names).toEqual(["partners-k20261123", "partners-k20270101"]);
    expect(resourceOf(rotating, "aws_cloudfront_key_group").items).toHaveLength(2);
    // New cookies are signed with the active key only.
    expect((issuerConfig(rotating).signingKey as Block).keyPairId).toMatch(/k20270101_\w+\.id\}$/);
  });

  it("holds no private key material anywhere in the synthesized config", () => {
    expect(partners.text).not.toMatch(/PRIVATE KEY/);
    expect(partners.text).not.toMatch(/-----BEGIN (?!PUBLIC KEY-----)/);
  });
});

describe("distribution", () => {
  it("requires signed cookies of the key group on the default behaviour, with no edge function", () => {
    const behaviour = distribution(partners).default_cache_behavior as Block;
    expect(behaviour).toMatchObject(CONTENT);
    expect(behaviour.trusted_key_groups).toEqual([expect.stringMatching(KEY_GROUP_ID)]);
    expect(behaviour.lambda_function_association).toBeUndefined();
    expect(resourcesOf(partners, "aws_lambda_function").map((f) => f.provider)).toEqual([
      undefined,
    ]);
  });

  it("sends /_auth/* uncached, with all viewer headers but Host, to the issuer's function URL, unchecked", () => {
    const [auth] = distribution(partners).ordered_cache_behavior as Block[];
    expect(auth).toMatchObject({
      path_pattern: "/_auth/*",
      target_origin_id: "identity-api",
      allowed_methods: expect.arrayContaining(["GET", "POST"]),
      cache_policy_id: MANAGED_POLICY.cachingDisabled,
      origin_request_policy_id: MANAGED_POLICY.allViewerExceptHostHeader,
    });
    expect(auth.trusted_key_groups).toBeUndefined();
    expect(auth.lambda_function_association).toBeUndefined();
    const origin = (distribution(partners).origin as Block[]).find(
      (o) => o.origin_id === "identity-api",
    );
    expect(origin?.domain_name).toMatch(/aws_lambda_function_url\.[\w-]+\.function_url\), 2\)\}$/);
    expect(origin?.origin_access_control_id).toMatch(
      /^\$\{aws_cloudfront_origin_access_control\.[\w-]+\.id\}$/,
    );
  });

  it("serves the public paths from the bucket after /_auth/*, without key groups", () => {
    const ordered = distribution(partners).ordered_cache_behavior as Block[];
    expect(ordered.map((b) => b.path_pattern)).toEqual([
      "/_auth/*",
      "/index.html",
      "/favicon.ico",
      "/assets/*",
    ]);
    for (const behaviour of ordered.slice(1)) {
      expect(behaviour).toEqual({ path_pattern: behaviour.path_pattern, ...CONTENT });
    }
  });

  it("answers a refusal with the issuer's page, keeping the 403 and caching nothing", () => {
    expect(distribution(partners).custom_error_response).toEqual([
      {
        error_code: 403,
        response_page_path: "/_auth/refused",
        response_code: 403,
        error_caching_min_ttl: 0,
      },
    ]);
  });

  it("depends on the function URL and the key group, never on what needs its domain (no cycle)", () => {
    const text = JSON.stringify(distribution(partners));
    expect(text).not.toMatch(/cookie-issuer|apigatewayv2|cognito|ssm_parameter/);
  });

  it("leaves the other modes' distributions without public behaviours or error pages", () => {
    const dev = distribution(synthesize(shippedEnvironment("dev")));
    expect(dev.ordered_cache_behavior).toBeUndefined();
    expect(dev.custom_error_response).toBeUndefined();
    expect((dev.default_cache_behavior as Block).trusted_key_groups).toBeUndefined();
  });
});

describe("outputs", () => {
  it("adds the key group, the login URL and the cookie endpoint", () => {
    const output = partners.json.output;
    expect(output.protection_mode.value).toBe("signed-cookie");
    expect(output.key_group_id.value).toMatch(KEY_GROUP_ID);
    expect(output.login_url.value).toBe(`https://${DISTRIBUTION_DOMAIN}/_auth/login`);
    expect(output.cookie_endpoint.value).toBe(`https://${DISTRIBUTION_DOMAIN}/_auth/cookies`);
  });
});

describe("snapshot", () => {
  it("partners synthesizes as recorded", () => {
    expect(withoutBundles(partners)).toMatchSnapshot();
  });
});
