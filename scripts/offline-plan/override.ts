// Builds offline_override.tf.json: Terraform merges *_override.tf.json files
// into the configuration after loading it, so the plan runs with dummy
// credentials, no AWS account checks and a local backend while the shipped
// cdk.tf.json keeps its real providers and backend.
import { isObject } from "./shim";
import { JsonObject } from "./stand-ins";

/** File name Terraform treats as an override (suffix `_override.tf.json`). */
export const OVERRIDE_FILE = "offline_override.tf.json";

/** State path, relative to the work dir Terraform runs in. */
export const OFFLINE_STATE_FILE = "offline.tfstate";

// Static dummy credentials win over every other credential source, and the
// skip flags stop the provider from calling STS, IAM or the instance metadata
// service while it configures itself.
const OFFLINE_PROVIDER_SETTINGS: JsonObject = {
  access_key: "offline-plan",
  secret_key: "offline-plan",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
  // Without an account id (no STS) the provider rejects every allowed id
  // ("AWS account ID not allowed: "); null in an override unsets it.
  allowed_account_ids: null,
};

/** Local names under which the configuration requires hashicorp/aws. */
export function awsProviderNames(config: JsonObject): string[] {
  const names = new Set<string>(["aws"]);
  const terraform = isObject(config.terraform) ? config.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  for (const [local, spec] of Object.entries(required)) {
    const source = isObject(spec) && typeof spec.source === "string" ? spec.source : local;
    if (/^((registry\.terraform\.io\/)?hashicorp\/)?aws$/.test(source)) names.add(local);
  }
  return [...names];
}

/** Provider blocks of one local name; JSON syntax allows one object or a list. */
function providerBlocks(config: JsonObject, name: string): JsonObject[] {
  const providers = isObject(config.provider) ? config.provider : {};
  const blocks = providers[name];
  if (Array.isArray(blocks)) return blocks.filter(isObject);
  return isObject(blocks) ? [blocks] : [];
}

/** Override for one provider block, matched by Terraform on its alias. */
function providerOverride(block: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (typeof block.alias === "string") out.alias = block.alias;
  Object.assign(out, OFFLINE_PROVIDER_SETTINGS);
  // A named profile or shared files could fail to load; unset them if used.
  for (const key of ["profile", "shared_config_files", "shared_credentials_files"]) {
    if (block[key] !== undefined) out[key] = null;
  }
  // An empty list in an override does not remove nested blocks, but a role
  // with an empty ARN makes the provider skip AssumeRole (it only warns; the
  // web-identity block still wants a token of 4+ characters to validate).
  if (block.assume_role !== undefined) out.assume_role = [{ role_arn: "" }];
  if (block.assume_role_with_web_identity !== undefined) {
    out.assume_role_with_web_identity = [{ role_arn: "", web_identity_token: "offline-plan" }];
  }
  return out;
}

/**
 * The override for a (shimmed) stack configuration: every hashicorp/aws
 * provider block, default and aliased, as found in the config, plus a local
 * backend (an override's backend replaces the original one entirely, so init
 * never reaches S3).
 */
export function buildOverride(config: JsonObject): JsonObject {
  const provider: JsonObject = {};
  for (const name of awsProviderNames(config)) {
    const blocks = providerBlocks(config, name);
    if (blocks.length > 0) provider[name] = blocks.map(providerOverride);
  }
  const override: JsonObject = {
    terraform: { backend: { local: { path: OFFLINE_STATE_FILE } } },
  };
  if (Object.keys(provider).length > 0) override.provider = provider;
  return override;
}
