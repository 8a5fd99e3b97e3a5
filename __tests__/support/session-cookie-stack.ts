// Look-ups into a synthesized session-cookie stack (the shipped staging
// environment), shared by the tests of its edge side and its identity side.
import { decodeJsonencode } from "./jsonencode";
import { policyStatements, resourcesOf, type Block, type SynthesizedStack } from "./synth";

/** A whole-string Terraform reference to `<type>.<any name>.<attribute>`. */
export const REF = (type: string, attribute: string) =>
  new RegExp(`^\\$\\{${type}\\.[\\w-]+\\.${attribute}\\}$`);
export const TABLE_ARN = REF("aws_dynamodb_table", "arn");
export const DISTRIBUTION_DOMAIN =
  "${aws_cloudfront_distribution.cdn_distribution_0B80AA6B.domain_name}";

/** The one resource of `type` whose `key` equals `value` (e.g. the function named X). */
export function named(s: SynthesizedStack, type: string, key: string, value: string): Block {
  const found = resourcesOf(s, type).filter((r) => r[key] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${key}=${value}`);
  return found[0];
}

export const lambdaNamed = (s: SynthesizedStack, name: string) =>
  named(s, "aws_lambda_function", "function_name", name);
export const roleNamed = (s: SynthesizedStack, name: string) =>
  named(s, "aws_iam_role", "name", name);
/** The statements of the inline policy of the role `name`. */
export const policyOf = (s: SynthesizedStack, name: string) =>
  policyStatements(named(s, "aws_iam_role_policy", "name", `${name}-permissions`).policy);
/** Every action of `statements`, sorted. */
export const actions = (statements: { Action: string | string[] }[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

/** The session checker's config.json, decoded from its jsonencode. */
export function checkerConfig(s: SynthesizedStack): Record<string, unknown> {
  const archives = Object.values(s.json.data.archive_file) as {
    source?: { filename: string; content: string }[];
  }[];
  // Regional packages name their bundle file (source_file) and carry no config.
  const file = archives.flatMap((a) => a.source ?? []).find((f) => f.filename === "config.json");
  if (!file) throw new Error("no config.json in any archive");
  return decodeJsonencode(file.content) as Record<string, unknown>;
}

/**
 * The session manager's config, decoded from the jsonencode in the SSM parameter
 * its EDGE_GATE_CONFIG_PARAMETER names.
 */
export function managerConfig(s: SynthesizedStack): Record<string, unknown> {
  const fn = lambdaNamed(s, "staging-session-manager");
  const variables = (fn.environment as { variables: Record<string, string> }).variables;
  const { name } = JSON.parse(variables.EDGE_GATE_CONFIG_PARAMETER) as { name: string };
  const parameter = named(s, "aws_ssm_parameter", "name", name);
  return decodeJsonencode(String(parameter.insecure_value)) as Record<string, unknown>;
}

/**
 * `config` with each Terraform reference replaced by a plausible value of
 * what it becomes at apply time, so a handler's own config check can read it.
 */
export function withApplyTimeValues(config: unknown): unknown {
  const text = JSON.stringify(config)
    .replace(/\$\{aws_cloudfront_distribution\.[\w-]+\.domain_name\}/g, "d111.cloudfront.net")
    .replace(/\$\{aws_cognito_user_pool_domain\.[\w-]+\.domain\}/g, "edge-gate-staging")
    .replace(
      /\$\{aws_cognito_user_pool\.[\w-]+\.endpoint\}/g,
      "cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example",
    )
    .replace(/\$\{aws_dynamodb_table\.[\w-]+\.name\}/g, "staging-sessions")
    .replace(/\$\{aws_cognito_user_pool_client\.[\w-]+\.id\}/g, "exampleclientid");
  if (text.includes("${")) throw new Error(`unreplaced reference in ${text}`);
  return JSON.parse(text);
}
