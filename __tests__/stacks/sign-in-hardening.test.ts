// Sign-in hardening as synthesized: Cognito threat protection (and the
// feature plan it needs) per setting, and the identity API's stage throttling
// from the environment.
import "cdktf/lib/testing/adapters/jest";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { environmentSchema } from "../../environments/schema";
import partners from "../../environments/partners";
import staging from "../../environments/staging";
import { threatProtectionSettings } from "../../stacks/user-directory";
import {
  removeTestingOutdirs,
  resourceOf,
  shippedEnvironment,
  synthesize,
  variantOf,
} from "../support/synth";

afterAll(removeTestingOutdirs);

describe("Cognito threat protection", () => {
  it.each([
    ["off", "OFF", "ESSENTIALS"],
    ["audit", "AUDIT", "PLUS"],
    ["enforced", "ENFORCED", "PLUS"],
  ] as const)("%s: advanced security mode %s on the %s feature plan", (value, mode, tier) => {
    const s = synthesize(variantOf("dev", (e) => (e.cognito.threatProtection = value)));
    const pool = resourceOf(s, "aws_cognito_user_pool");
    expect(pool.user_pool_add_ons).toEqual({ advanced_security_mode: mode });
    expect(pool.user_pool_tier).toBe(tier);
    expect(threatProtectionSettings(value)).toEqual({
      userPoolAddOns: { advancedSecurityMode: mode },
      userPoolTier: tier,
    });
  });

  it("is enforced in prod", () => {
    const pool = resourceOf(synthesize(shippedEnvironment("prod")), "aws_cognito_user_pool");
    expect(pool.user_pool_add_ons).toEqual({ advanced_security_mode: "ENFORCED" });
    expect(pool.user_pool_tier).toBe("PLUS");
  });
});

describe("identity API throttling", () => {
  it("keeps the documented default on the stage when the environment says nothing", () => {
    const s = synthesize(shippedEnvironment("staging"));
    expect(s.text).toHaveResourceWithProperties(Apigatewayv2Stage, {
      name: "$default",
      default_route_settings: { throttling_burst_limit: 100, throttling_rate_limit: 50 },
    });
  });

  // From the files as written: a parsed environment carries derived fields (key PEMs).
  it.each([
    ["staging", staging],
    ["partners", partners],
  ] as const)("takes the limits from the environment (%s)", (_name, input) => {
    const s = synthesize(
      environmentSchema.parse({
        ...input,
        identityApiThrottling: { burstLimit: 40, ratePerSecond: 20 },
      }),
    );
    expect(resourceOf(s, "aws_apigatewayv2_stage").default_route_settings).toEqual({
      throttling_burst_limit: 40,
      throttling_rate_limit: 20,
    });
  });
});
