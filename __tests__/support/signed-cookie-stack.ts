// Look-ups into a synthesized signed-cookie stack (the shipped partners
// environment), shared by the tests of its CloudFront side and its issuer side.
import type { EnvironmentInput } from "../../environments/schema";
import { environmentSchema, type Environment } from "../../environments/schema";
import partners from "../../environments/partners";
import { decodeJsonencode } from "./jsonencode";
import { lambdaNamed, named, withApplyTimeValues } from "./session-cookie-stack";
import type { SynthesizedStack } from "./synth";

export const ISSUER = "partners-cookie-issuer";

/**
 * partners.ts changed by `change`, validated like a real file. Built from the
 * file's own input: the validated form carries each key's PEM, which is not
 * an input field.
 */
export function partnersVariant(change: (input: EnvironmentInput) => void): Environment {
  const input = structuredClone(partners);
  change(input);
  return environmentSchema.parse(input);
}

/** The signed-cookie settings of an environment input (to change them in a variant). */
export function signedCookieInput(input: EnvironmentInput) {
  const protection = input.protection;
  if (protection.mode !== "signed-cookie") throw new Error("not a signed-cookie environment");
  return protection;
}

/**
 * The cookie issuer's config, decoded from the jsonencode in the SSM parameter
 * its EDGE_GATE_CONFIG_PARAMETER names.
 */
export function issuerConfig(s: SynthesizedStack): Record<string, unknown> {
  const fn = lambdaNamed(s, ISSUER);
  const variables = (fn.environment as { variables: Record<string, string> }).variables;
  const { name } = JSON.parse(variables.EDGE_GATE_CONFIG_PARAMETER) as { name: string };
  const parameter = named(s, "aws_ssm_parameter", "name", name);
  return decodeJsonencode(String(parameter.insecure_value)) as Record<string, unknown>;
}

/** A JWKS as Cognito would serve it (one RSA key). */
const SAMPLE_JWKS = {
  keys: [{ kty: "RSA", kid: "sample", alg: "RS256", use: "sig", n: "sAmPlE", e: "AQAB" }],
};

/** The issuer's config with each Terraform value replaced by what it becomes at apply time. */
export function issuerConfigAtApply(config: Record<string, unknown>): unknown {
  const jwks = /^\$\{jsondecode\(data\.http\.[\w-]+\.response_body\)\}$/;
  if (!jwks.test(String(config.jwks))) throw new Error(`jwks is not the JWKS read at apply time`);
  const text = JSON.stringify({ ...config, jwks: SAMPLE_JWKS }).replace(
    /\$\{aws_cloudfront_public_key\.[\w-]+\.id\}/g,
    "K2JCJMDEHXQW5F",
  );
  return withApplyTimeValues(JSON.parse(text));
}

/** The synthesized JSON without the bundles' code: pinned by their own tests, churns in a snapshot. */
