// The distribution as the synthesized stack (cdk.tf.json) declares it:
// behaviours in order, origins, trusted key groups, function associations,
// policies and custom error responses. Nothing here is declared a second
// time; a shape the emulator cannot follow fails naming the resource.
import * as fs from "node:fs";
import * as path from "node:path";
import { behaviourModel, type BehaviourModel } from "./distribution-behaviours";
import { originModel, type OriginModel } from "./distribution-origins";
import { asList, block } from "./json-shapes";
import { StackModelError, type Address, type StackJson } from "./stack-addresses";

export type { BehaviourModel, KeyGroupModel } from "./distribution-behaviours";
export type { ApiRoute, OriginModel } from "./distribution-origins";
export {
  StackModelError,
  addressText,
  referencedAddress,
  resourceAt,
  type Address,
  type StackJson,
} from "./stack-addresses";

export interface CustomErrorResponse {
  errorCode: number;
  responseCode: number | null;
  responsePagePath: string | null;
  errorCachingMinTtl: number;
}

export interface StackModel {
  stackDir: string;
  json: StackJson;
  homeRegion: string;
  distribution: Address;
  defaultRootObject: string | null;
  /** Ordered behaviours, then the default one last. */
  behaviours: BehaviourModel[];
  origins: Map<string, OriginModel>;
  customErrorResponses: CustomErrorResponse[];
}

function homeRegionOf(json: StackJson): string {
  const aws = json.provider?.aws ?? [];
  const home = aws.find((p) => p.alias === undefined) ?? aws[0];
  if (typeof home?.region !== "string") throw new StackModelError("provider aws: no region");
  return home.region;
}

/** The model of the one distribution in `json`. */
export function stackModel(json: StackJson, stackDir: string): StackModel {
  const distributions = Object.entries(json.resource.aws_cloudfront_distribution ?? {});
  if (distributions.length !== 1) {
    throw new StackModelError(
      `expected one aws_cloudfront_distribution, found ${distributions.length}`,
    );
  }
  const [name, d] = distributions[0];
  const where = `aws_cloudfront_distribution.${name}`;
  const origins = new Map(
    asList(d.origin).map((o, i) => [
      String(o.origin_id),
      originModel(json, o, `${where}.origin[${i}]`),
    ]),
  );
  const ordered = asList(d.ordered_cache_behavior).map((b, i) =>
    behaviourModel(json, b, `${where}.ordered_cache_behavior[${i}]`),
  );
  const fallback = behaviourModel(
    json,
    block(d.default_cache_behavior),
    `${where}.default_cache_behavior`,
  );
  for (const b of [...ordered, fallback]) {
    if (!origins.has(b.targetOriginId)) {
      throw new StackModelError(
        `${where}: a behaviour targets the unknown origin ${b.targetOriginId}`,
      );
    }
  }
  return {
    stackDir,
    json,
    homeRegion: homeRegionOf(json),
    distribution: { type: "aws_cloudfront_distribution", name },
    defaultRootObject:
      typeof d.default_root_object === "string" && d.default_root_object !== ""
        ? d.default_root_object
        : null,
    behaviours: [...ordered, fallback],
    origins,
    customErrorResponses: asList(d.custom_error_response).map((c) => ({
      errorCode: Number(c.error_code),
      responseCode: c.response_code === undefined ? null : Number(c.response_code),
      responsePagePath: typeof c.response_page_path === "string" ? c.response_page_path : null,
      errorCachingMinTtl:
        typeof c.error_caching_min_ttl === "number" ? c.error_caching_min_ttl : 10,
    })),
  };
}

/** Reads `<stackDir>/cdk.tf.json` and models it. */
export function readStackModel(stackDir: string): StackModel {
  const file = path.join(stackDir, "cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as StackJson;
  return stackModel(json, path.resolve(stackDir));
}
