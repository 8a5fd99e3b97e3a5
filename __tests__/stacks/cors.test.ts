// CORS of the distribution per protection mode, on the synthesized config:
// credentials allowed (exact origins only, never "*") where a cookie is the
// credential, off in bearer-jwt mode (a token in Authorization needs no
// credentials mode), Vary: Origin wherever the answer depends on the Origin,
// and the mode's own endpoints left to answer CORS themselves.
import { contentCorsConfig } from "../../stacks/distribution";
import { partnersVariant } from "../support/signed-cookie-stack";
import {
  removeTestingOutdirs,
  synthesize,
  variantOf,
  type Block,
  type SynthesizedStack,
} from "../support/synth";

const APP = "https://app.example.com";
const SIBLING = "https://portal.example.com";

let dev: SynthesizedStack;
let staging: SynthesizedStack;
let partners: SynthesizedStack;
let stagingWithoutCors: SynthesizedStack;
beforeAll(() => {
  dev = synthesize(variantOf("dev", (e) => (e.bucket.corsAllowedOrigins = [APP, SIBLING])));
  staging = synthesize(variantOf("staging", (e) => (e.bucket.corsAllowedOrigins = [APP, SIBLING])));
  partners = synthesize(partnersVariant((e) => (e.bucket.corsAllowedOrigins = [APP, SIBLING])));
  stagingWithoutCors = synthesize(variantOf("staging", (e) => (e.bucket.corsAllowedOrigins = [])));
});
afterAll(removeTestingOutdirs);

const policies = (s: SynthesizedStack) =>
  s.json.resource.aws_cloudfront_response_headers_policy ?? {};
const distribution = (s: SynthesizedStack) =>
  Object.values(s.json.resource.aws_cloudfront_distribution)[0];

/** The response-headers policy a behaviour names (its `${...id}` reference resolved). */
function policyOf(s: SynthesizedStack, behaviour: Block): Block {
  const match = /^\$\{aws_cloudfront_response_headers_policy\.([\w-]+)\.id\}$/.exec(
    String(behaviour.response_headers_policy_id),
  );
  const policy = match ? policies(s)[match[1]] : undefined;
  if (policy === undefined)
    throw new Error(`no policy for ${behaviour.response_headers_policy_id}`);
  return policy;
}

const contentPolicy = (s: SynthesizedStack) =>
  policyOf(s, distribution(s).default_cache_behavior as Block);
const routedBehaviours = (s: SynthesizedStack) =>
  ((distribution(s).ordered_cache_behavior ?? []) as Block[]).filter(
    (b) => b.target_origin_id !== "content-bucket",
  );
const cors = (policy: Block) => policy.cors_config as Block | undefined;
const customHeaders = (policy: Block) =>
  ((policy.custom_headers_config as Block | undefined)?.items ?? []) as Block[];

describe("content CORS per mode", () => {
  it.each([
    ["session-cookie", () => staging],
    ["signed-cookie", () => partners],
  ])("%s: lets credentialed fetches of exactly the configured origins read content", (_, stack) => {
    expect(cors(contentPolicy(stack()))).toMatchObject({
      access_control_allow_credentials: true,
      access_control_allow_origins: { items: [APP, SIBLING] },
      access_control_allow_methods: { items: ["GET", "HEAD", "OPTIONS"] },
      origin_override: true,
    });
  });

  it("bearer-jwt: keeps credentials off, for exactly the configured origins", () => {
    expect(cors(contentPolicy(dev))).toMatchObject({
      access_control_allow_credentials: false,
      access_control_allow_origins: { items: [APP, SIBLING] },
    });
  });

  it("never pairs credentials with every origin", () => {
    for (const stack of [dev, staging, partners, stagingWithoutCors]) {
      for (const policy of Object.values(policies(stack))) {
        const config = cors(policy);
        if (config?.access_control_allow_credentials !== true) continue;
        const origins = (config.access_control_allow_origins as { items: string[] }).items;
        expect(origins).not.toContain("*");
        expect(origins.length).toBeGreaterThan(0);
      }
    }
    expect(() => contentCorsConfig(["*"], true)).toThrow(/credentials/);
    expect(() => contentCorsConfig([APP, "*"], true)).toThrow(/credentials/);
  });

  it.each([
    ["bearer-jwt", () => dev],
    ["session-cookie", () => staging],
    ["signed-cookie", () => partners],
  ])("%s: says Vary: Origin on content, whose CORS headers depend on it", (_, stack) => {
    expect(customHeaders(contentPolicy(stack()))).toContainEqual({
      header: "Vary",
      value: "Origin",
      override: true,
    });
  });

  it("adds no CORS and no Vary where no origin is configured", () => {
    const policy = contentPolicy(stagingWithoutCors);
    expect(cors(policy)).toBeUndefined();
    expect(customHeaders(policy)).toEqual([]);
  });
});

describe("the mode's own endpoints", () => {
  it.each([
    ["session-cookie", () => staging],
    ["signed-cookie", () => partners],
  ])(
    "%s: get the security headers but no CloudFront CORS, so their own CORS answers pass as sent",
    (_, stack) => {
      const routed = routedBehaviours(stack());
      expect(routed.length).toBeGreaterThan(0);
      for (const behaviour of routed) {
        const policy = policyOf(stack(), behaviour);
        expect(cors(policy)).toBeUndefined();
        expect(customHeaders(policy)).toEqual([]);
        expect(policy.security_headers_config).toEqual(
          contentPolicy(stack()).security_headers_config,
        );
      }
    },
  );
});

describe("contentCorsConfig", () => {
  it("is absent without origins", () => {
    expect(contentCorsConfig([], true)).toBeUndefined();
    expect(contentCorsConfig([], false)).toBeUndefined();
  });

  it("names the exact origins, with credentials as asked", () => {
    expect(contentCorsConfig([APP], true)).toMatchObject({
      accessControlAllowCredentials: true,
      accessControlAllowOrigins: { items: [APP] },
    });
    expect(contentCorsConfig([APP], false)).toMatchObject({
      accessControlAllowCredentials: false,
    });
  });
});
