// Sign-in hardening as synthesized: Cognito threat protection (and the
// feature plan it needs) per setting, and the login function's concurrency
// limit from the environment.
import "cdktf/lib/testing/adapters/jest";
import { environmentSchema } from "../../environments/schema";
import partners from "../../environments/partners";
import staging from "../../environments/staging";
import { threatProtectionSettings } from "../../stacks/user-directory";
import {
  removeTestingOutdirs,
  resourceOf,
  resourcesOf,
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

// The stage throttling went with API Gateway: every request now passes the
// distribution (and its web ACL's rate rule); the environment's burst limit
// caps the login function's concurrency instead.
describe("identity origin throttling", () => {
  const manager = (s: ReturnType<typeof synthesize>) =>
    resourcesOf(s, "aws_lambda_function").find((f) =>
      String(f.function_name).match(/-(session-manager|cookie-issuer)$/),
    )!;

  it("reserves no concurrency when the environment says nothing (an account's pool may be small)", () => {
    const s = synthesize(shippedEnvironment("staging"));
    expect(manager(s).reserved_concurrent_executions).toBeUndefined();
    expect(resourcesOf(s, "aws_apigatewayv2_stage")).toEqual([]);
  });

  // From the files as written: a parsed environment carries derived fields (key PEMs).
  it.each([
    ["staging", staging],
    ["partners", partners],
  ] as const)(
    "takes the burst limit as reserved concurrency from the environment (%s)",
    (_name, input) => {
      const s = synthesize(
        environmentSchema.parse({
          ...input,
          identityApiThrottling: { burstLimit: 40 },
        }),
      );
      expect(manager(s).reserved_concurrent_executions).toBe(40);
    },
  );
});
