// Turns a synthesized cdk.tf.json into one Terraform can plan with only
// hashicorp/aws installed: every data.archive_file and data.http becomes a
// built-in terraform_data carrying the same attributes, and every reference to
// them follows. Pure: the shipped config is never touched.
import {
  Json,
  JsonObject,
  OUTPUTS,
  STOOD_IN_PROVIDERS,
  STOOD_IN_TYPES,
  StoodInType,
} from "./stand-ins";
import { rewriteDependency, rewriteTemplate, StandInMap, StandInTarget } from "./references";

export interface Replacement {
  /** e.g. `data.archive_file.pkg` */
  from: string;
  /** e.g. `terraform_data.archive_file_pkg` */
  to: string;
}

export interface ShimResult {
  /** The shimmed copy of the stack's configuration. */
  config: JsonObject;
  /** Every data source that was replaced, in the order found. */
  replacements: Replacement[];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Meta-arguments terraform_data accepts as they are (after reference rewriting).
const KEPT_META = ["count", "for_each", "depends_on"];
// Not valid on terraform_data (`provider` names an archive/http configuration
// that no longer exists) or handled separately.
const DROPPED_META = ["provider", "lifecycle", "//"];

export function shimStack(tfJson: object): ShimResult {
  const config = structuredClone(tfJson) as JsonObject;
  const data = isObject(config.data) ? config.data : {};
  const resources = isObject(config.resource) ? config.resource : {};
  const existing = isObject(resources.terraform_data) ? resources.terraform_data : {};
  const standIns: JsonObject = { ...existing };
  const targets = new Map<string, StandInTarget>();
  const replacements: Replacement[] = [];

  for (const type of STOOD_IN_TYPES) {
    const blocks = data[type];
    if (!isObject(blocks)) continue;
    for (const [name, block] of Object.entries(blocks)) {
      if (!isObject(block)) continue;
      const standIn = freeName(`${type}_${name}`, standIns);
      standIns[standIn] = standInBlock(type, `data.${type}.${name}`, block);
      targets.set(`${type}.${name}`, { standIn, collection: collectionKind(block) });
      replacements.push({ from: `data.${type}.${name}`, to: `terraform_data.${standIn}` });
    }
    delete data[type];
  }
  if (replacements.length > 0) {
    resources.terraform_data = standIns;
    config.resource = resources;
  }
  if (isObject(config.data) && Object.keys(config.data).length === 0) delete config.data;

  removeStoodInProviders(config);
  assertNothingNeedsRemovedProviders(config);
  return { config: rewriteReferences(config, targets) as JsonObject, replacements };
}

/**
 * Whether a terraform_data address is named like a stand-in (`archive_file_*`,
 * `http_*`): in an offline plan against an earlier offline state, the old
 * stand-ins are in the state only, not in the config.
 */
export function isStandInAddress(address: string): boolean {
  return STOOD_IN_TYPES.some((type) => address.startsWith(`terraform_data.${type}_`));
}

/** Addresses of the stand-ins in a shimmed config (they carry the shim's "//" note). */
export function standInAddresses(config: unknown): string[] {
  const resources = isObject(config) && isObject(config.resource) ? config.resource : {};
  const blocks = isObject(resources.terraform_data) ? resources.terraform_data : {};
  return Object.entries(blocks)
    .filter(
      ([, block]) => isObject(block) && isObject(block["//"]) && "offline_plan" in block["//"],
    )
    .map(([name]) => `terraform_data.${name}`);
}

function collectionKind(block: JsonObject): StandInTarget["collection"] {
  if (block.for_each !== undefined) return "for_each";
  if (block.count !== undefined) return "count";
  return "none";
}

/** `preferred`, or `preferred_2`, `_3`… if a terraform_data of that name exists. */
function freeName(preferred: string, taken: JsonObject): string {
  let name = preferred;
  for (let n = 2; name in taken; n += 1) name = `${preferred}_${n}`;
  return name;
}

function standInBlock(type: StoodInType, address: string, block: JsonObject): JsonObject {
  const attributes: JsonObject = {};
  for (const [key, value] of Object.entries(block)) {
    if (!KEPT_META.includes(key) && !DROPPED_META.includes(key)) attributes[key] = value;
  }
  const out: JsonObject = {
    "//": { offline_plan: `stands in for ${address}` },
    // The original arguments stay in `input` (e.g. the archive's `source`
    // blocks, whose config.json names Cognito resources), so the graph keeps
    // every dependency the data source had.
    input: { ...attributes, ...OUTPUTS[type](attributes) },
  };
  for (const key of KEPT_META) if (block[key] !== undefined) out[key] = block[key];
  const lifecycle = keptLifecycle(block.lifecycle);
  if (lifecycle) out.lifecycle = lifecycle;
  return out;
}

/**
 * Preconditions still hold for the stand-in; postconditions about `self`
 * would test terraform_data's attributes (no `status_code` there), so go.
 */
function keptLifecycle(lifecycle: Json | undefined): JsonObject | undefined {
  if (!isObject(lifecycle)) return undefined;
  const kept: JsonObject = {};
  if (lifecycle.precondition !== undefined) kept.precondition = lifecycle.precondition;
  const post = lifecycle.postcondition;
  const posts = Array.isArray(post) ? post : post === undefined ? [] : [post];
  const remaining = posts.filter((p) => !/\bself\b/.test(JSON.stringify(p)));
  if (remaining.length > 0) kept.postcondition = remaining;
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Local names (in required_providers or by default) of the stood-in providers. */
function stoodInProviderNames(config: JsonObject): Set<string> {
  const names = new Set<string>(Object.values(STOOD_IN_PROVIDERS));
  const terraform = isObject(config.terraform) ? config.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  for (const [local, spec] of Object.entries(required)) {
    const source = isObject(spec) && typeof spec.source === "string" ? spec.source : local;
    const type = source.split("/").pop() ?? "";
    const namespace = source.split("/").slice(-2, -1)[0] ?? "hashicorp";
    if (namespace === "hashicorp" && Object.values(STOOD_IN_PROVIDERS).includes(type)) {
      names.add(local);
    }
  }
  return names;
}

/** So `terraform init` asks the mirror for hashicorp/aws only. */
function removeStoodInProviders(config: JsonObject): void {
  const names = stoodInProviderNames(config);
  const terraform = isObject(config.terraform) ? config.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  const providers = isObject(config.provider) ? config.provider : {};
  for (const name of names) {
    delete required[name];
    delete providers[name];
  }
  if (isObject(config.provider) && Object.keys(providers).length === 0) delete config.provider;
  if (isObject(terraform.required_providers) && Object.keys(required).length === 0) {
    delete terraform.required_providers;
  }
}

/** Anything else from the removed providers would make init reach a registry. */
function assertNothingNeedsRemovedProviders(config: JsonObject): void {
  const resources = isObject(config.resource) ? config.resource : {};
  for (const type of Object.keys(resources)) {
    const provider = type.split("_")[0];
    if (Object.values(STOOD_IN_PROVIDERS).includes(provider)) {
      throw new Error(
        `resource.${type} needs the hashicorp/${provider} provider, which the offline plan ` +
          `has no stand-in for; only data.archive_file and data.http are replaced.`,
      );
    }
  }
}

/**
 * Walks the whole document. Strings are templates, except `depends_on`
 * entries (bare traversals); "//" holds cdktf metadata, never expressions.
 */
export function rewriteReferences(value: Json, targets: StandInMap, key?: string): Json {
  if (targets.size === 0) return value;
  if (typeof value === "string") return rewriteTemplate(value, targets);
  if (Array.isArray(value)) {
    if (key === "depends_on") {
      return value.map((v) => (typeof v === "string" ? rewriteDependency(v, targets) : v));
    }
    return value.map((v) => rewriteReferences(v, targets));
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === "//" ? v : rewriteReferences(v, targets, k);
    }
    return out;
  }
  return value;
}
