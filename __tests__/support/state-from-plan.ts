// A Terraform state (format 4) made from a plan's planned values, as if the
// plan had been applied, so a later plan can be made against it offline:
// the way to plan a change (replace, destroy, update) with no AWS account.
// Values known only after apply get stand-ins: ids and ARNs from the address,
// other strings from the address, by the provider schema's types.
import { randomUUID } from "node:crypto";

type Obj = Record<string, unknown>;

interface PlannedResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  provider_name: string;
  schema_version: number;
  values: Obj;
}

interface PlannedModule {
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
  address?: string;
}

interface PlanForState {
  terraform_version: string;
  planned_values: { root_module: PlannedModule };
  resource_changes: { address: string; change: { after_unknown?: unknown } }[];
  configuration: {
    provider_config?: Record<string, { expressions?: { region?: { constant_value?: unknown } } }>;
    root_module: {
      resources?: {
        address: string;
        provider_config_key: string;
        expressions?: Record<string, { references?: string[] } | undefined>;
      }[];
    };
  };
}

/** `terraform providers schema -json` of the configuration: the types of unknown attributes. */
export interface ProviderSchemas {
  provider_schemas: Record<
    string,
    {
      resource_schemas?: Record<
        string,
        { block: { attributes?: Record<string, { type?: unknown }> } }
      >;
    }
  >;
}

const ACCOUNT = "000000000000";

/** A value for an attribute known only after apply, shaped so provider validation accepts it. */
function unknownStandIn(
  type: string,
  name: string,
  attribute: string,
  attrType: unknown,
  region: string,
): unknown {
  const id = type === "aws_cognito_user_pool" ? `${region}_Offline${name.length}` : `${name}-id`;
  if (attribute === "id") return id;
  if (type === "aws_cognito_user_pool" && attribute === "endpoint")
    return `cognito-idp.${region}.amazonaws.com/${id}`;
  if (type === "aws_iam_role" && attribute === "arn") return `arn:aws:iam::${ACCOUNT}:role/${name}`;
  if (type === "aws_lambda_function" && attribute === "qualified_arn") {
    return `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}:1`;
  }
  if (attribute === "arn" || attribute.endsWith("_arn"))
    return `arn:aws:${type.split("_")[1]}:${region}:${ACCOUNT}:${name}`;
  if (attribute === "version") return "1";
  // Computed enums the provider validates when read back from state: any
  // valid member will do, since nothing in the configuration sets them.
  if (
    type === "aws_cloudwatch_log_delivery_destination" &&
    attribute === "delivery_destination_type"
  )
    return "S3";
  if (attrType === "string") return `${name}-${attribute}`;
  if (attrType === "number") return 0;
  if (attrType === "bool") return false;
  if (Array.isArray(attrType) && (attrType[0] === "list" || attrType[0] === "set")) return [];
  if (Array.isArray(attrType) && attrType[0] === "map") return {};
  return null;
}

/** cty's JSON type of a JSON value, for attributes of dynamic type (terraform_data). */
function ctyType(value: unknown): unknown {
  if (value === null || value === undefined) return "dynamic";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(ctyType)];
  return [
    "object",
    Object.fromEntries(Object.entries(value as Obj).map(([k, v]) => [k, ctyType(v)])),
  ];
}

function providerAddress(configKey: string): string {
  // "aws" -> provider["registry.terraform.io/hashicorp/aws"]; "aws.us_east_1" -> ...].us_east_1
  const [local, alias] = configKey.split(".");
  const source =
    local === "terraform"
      ? "terraform.io/builtin/terraform"
      : `registry.terraform.io/hashicorp/${local}`;
  return `provider["${source}"]${alias ? `.${alias}` : ""}`;
}

/** Region of each provider configuration ("aws", "aws.us_east_1"), from constant settings. */
function providerRegions(plan: PlanForState): Map<string, string> {
  const regions = new Map<string, string>();
  for (const [key, config] of Object.entries(plan.configuration.provider_config ?? {})) {
    const region = config.expressions?.region?.constant_value;
    if (typeof region === "string") regions.set(key, region);
  }
  return regions;
}

function allResources(module: PlannedModule): PlannedResource[] {
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(allResources)];
}

/** The state `plan` would leave if applied (root module resources only, as cdktf makes them). */
export function stateFromPlan(
  planJson: unknown,
  schemas: ProviderSchemas,
  previous?: { lineage: string; serial: number },
): Obj {
  const plan = planJson as PlanForState;
  const regions = providerRegions(plan);
  const unknownByAddress = new Map(
    plan.resource_changes.map((rc) => [rc.address, rc.change.after_unknown]),
  );
  const configured = plan.configuration.root_module.resources ?? [];
  const providerKeys = new Map(configured.map((r) => [r.address, r.provider_config_key]));
  const expressions = new Map(configured.map((r) => [r.address, r.expressions ?? {}]));
  const valuesByAddress = new Map<string, Obj>();
  /** Unknown attributes set straight from another resource's attribute (`x = aws_y.z.arn`). */
  const copied: { values: Obj; attribute: string; from: string }[] = [];
  const resources: Obj[] = [];
  for (const r of allResources(plan.planned_values.root_module)) {
    if (r.mode !== "managed") continue;
    const configAddress = r.address.replace(/\[[^\]]*\]$/, "");
    const providerKey =
      r.type === "terraform_data" ? "terraform" : (providerKeys.get(configAddress) ?? "aws");
    const region = regions.get(providerKey) ?? "us-east-1";
    const source =
      r.type === "terraform_data"
        ? "terraform.io/builtin/terraform"
        : "registry.terraform.io/hashicorp/aws";
    const attributes =
      schemas.provider_schemas[source]?.resource_schemas?.[r.type]?.block.attributes ?? {};
    const values: Obj = { ...r.values };
    const unknown = unknownByAddress.get(r.address);
    if (typeof unknown === "object" && unknown !== null) {
      for (const [attribute, isUnknown] of Object.entries(unknown as Obj)) {
        if (isUnknown !== true) continue;
        values[attribute] = unknownStandIn(
          r.type,
          r.name,
          attribute,
          attributes[attribute]?.type,
          region,
        );
        const from = expressions.get(configAddress)?.[attribute]?.references?.[0];
        if (from !== undefined) copied.push({ values, attribute, from });
      }
    }
    // terraform_data's output is its input.
    if (r.type === "terraform_data" && values.output === null) values.output = values.input;
    for (const [attribute, spec] of Object.entries(attributes)) {
      // Dynamic attributes are stored with their type beside the value.
      if (spec.type === "dynamic")
        values[attribute] = { value: values[attribute] ?? null, type: ctyType(values[attribute]) };
    }
    valuesByAddress.set(r.address, values);
    resources.push({
      mode: "managed",
      type: r.type,
      name: r.name,
      provider: providerAddress(providerKey),
      instances: [
        {
          ...(r.index !== undefined ? { index_key: r.index } : {}),
          schema_version: r.schema_version,
          attributes: values,
          sensitive_attributes: [],
        },
      ],
    });
  }
  // The referenced resource's value (known, or its own stand-in), so the
  // next plan sees the reference unchanged instead of a stand-in of its own.
  for (const { values, attribute, from } of copied) {
    const dot = from.lastIndexOf(".");
    const source = valuesByAddress.get(from.slice(0, dot))?.[from.slice(dot + 1)];
    if (typeof source === "string") values[attribute] = source;
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version,
    serial: (previous?.serial ?? 0) + 1,
    lineage: previous?.lineage ?? randomUUID(),
    outputs: {},
    resources,
    check_results: null,
  };
}
