// Lays out one aws_lambda_function as Lambda would run it: the stack's own
// bundle (index.js from assets/, copied byte for byte) in a temp directory,
// with config.json beside it for an edge function (as in its zip) or
// EDGE_GATE_CONFIG in the environment for a regional one, both evaluated from
// cdk.tf.json and then handed to the caller's adjustConfig.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  StackModelError,
  addressText,
  resourceAt,
  type Address,
  type StackModel,
} from "./stack-model";
import type { Block } from "./json-shapes";
import { evaluateTemplate, evaluateValue, type EvaluationContext } from "./terraform-expression";

export interface BundleContext {
  reference: (reference: string) => string | undefined;
  adjustConfig: (functionName: string, config: unknown) => unknown;
  functionEnvironment: Record<string, string>;
  edgeRegion: string;
  /** A fresh directory this function's files go into. */
  tempRoot: string;
  /** Serves config the stack keeps in SSM Parameter Store. */
  parameters: { endpoint: string; set(name: string, value: string): void };
}

export interface PreparedFunction {
  address: Address;
  functionName: string;
  edge: boolean;
  /** Absolute path of the copied index.js. */
  file: string;
  env: Record<string, string>;
  timeoutSeconds: number;
}

/** The config file an edge function reads, by its name in the zip. */
const EDGE_CONFIG_FILE = "config.json";
const CONFIG_VARIABLE = "EDGE_GATE_CONFIG";
const CONFIG_PARAMETER_VARIABLE = "EDGE_GATE_CONFIG_PARAMETER";

function archiveOf(model: StackModel, fn: Block, where: string): Block {
  const m = /^\$\{data\.archive_file\.([\w-]+)\.output_path\}$/.exec(String(fn.filename));
  if (m === null)
    throw new StackModelError(`${where}.filename: not a data.archive_file output_path`);
  const archive = model.json.data?.archive_file?.[m[1]];
  if (archive === undefined) throw new StackModelError(`${where}: no data.archive_file.${m[1]}`);
  return archive;
}

function adjustedJson(
  text: unknown,
  functionName: string,
  ctx: BundleContext,
  where: string,
): string {
  let config: unknown;
  try {
    config = JSON.parse(String(text));
  } catch {
    throw new StackModelError(`${where}: the config is not JSON`);
  }
  return JSON.stringify(ctx.adjustConfig(functionName, config));
}

/** Writes the function's files under ctx.tempRoot and returns how to run it. */
export function prepareFunction(
  model: StackModel,
  address: Address,
  edge: boolean,
  ctx: BundleContext,
): PreparedFunction {
  const where = addressText(address);
  const fn = resourceAt(model.json, address, "function association");
  const functionName = String(fn.function_name);
  const evaluation: EvaluationContext = {
    reference: ctx.reference,
    baseDir: model.stackDir,
    where,
  };
  const archive = archiveOf(model, fn, where);
  const dir = fs.mkdtempSync(path.join(ctx.tempRoot, `${functionName}-`));
  const file = path.join(dir, "index.js");
  const copyAsset = (relative: string) => {
    const source = path.resolve(model.stackDir, relative);
    if (path.relative(model.stackDir, source).startsWith("..")) {
      throw new StackModelError(`${where}: the bundle ${relative} is outside the stack`);
    }
    fs.copyFileSync(source, file);
  };
  if (typeof archive.source_file === "string") {
    copyAsset(archive.source_file);
  } else {
    const sources = Array.isArray(archive.source) ? (archive.source as Block[]) : [];
    for (const source of sources) {
      const name = String(source.filename);
      if (name === "index.js") {
        const asset = /file\("([^"]+)"\)/.exec(String(source.content));
        if (asset === null)
          throw new StackModelError(`${where}: index.js is not read from an asset file`);
        copyAsset(asset[1]);
      } else if (name === EDGE_CONFIG_FILE) {
        const text = evaluateTemplate(String(source.content), {
          ...evaluation,
          where: `${where} ${name}`,
        });
        fs.writeFileSync(
          path.join(dir, name),
          adjustedJson(text, functionName, ctx, `${where} ${name}`),
        );
      } else {
        const text = evaluateTemplate(String(source.content), evaluation);
        fs.writeFileSync(path.join(dir, path.basename(name)), String(text));
      }
    }
    if (!fs.existsSync(file)) throw new StackModelError(`${where}: the archive holds no index.js`);
  }
  const variables = (fn.environment as { variables?: Block } | undefined)?.variables ?? {};
  const env: Record<string, string> = {
    ...ctx.functionEnvironment,
    AWS_REGION: edge ? ctx.edgeRegion : model.homeRegion,
    AWS_DEFAULT_REGION: edge ? ctx.edgeRegion : model.homeRegion,
    // Lambda@Edge replicas log and run as us-east-1.<name>.
    AWS_LAMBDA_FUNCTION_NAME: edge ? `us-east-1.${functionName}` : functionName,
  };
  for (const [name, value] of Object.entries(variables)) {
    const evaluated = evaluateValue(value as string, { ...evaluation, where: `${where} ${name}` });
    env[name] =
      name === CONFIG_VARIABLE
        ? adjustedJson(evaluated, functionName, ctx, `${where} ${name}`)
        : name === CONFIG_PARAMETER_VARIABLE
          ? configParameter(model, String(evaluated), functionName, ctx, evaluation)
          : String(evaluated);
  }
  return {
    address,
    functionName,
    edge,
    file,
    env,
    timeoutSeconds: typeof fn.timeout === "number" ? fn.timeout : 3,
  };
}

/**
 * The config kept in the aws_ssm_parameter the variable names, evaluated and
 * adjusted into the local parameter store; the variable then points there.
 */
function configParameter(
  model: StackModel,
  variable: string,
  functionName: string,
  ctx: BundleContext,
  evaluation: EvaluationContext,
): string {
  const source = JSON.parse(variable) as { name: string; region: string };
  const found = Object.entries(model.json.resource.aws_ssm_parameter ?? {}).find(
    ([, p]) => p.name === source.name,
  );
  const where = `${evaluation.where} ${CONFIG_PARAMETER_VARIABLE}`;
  if (found === undefined)
    throw new StackModelError(`${where}: no aws_ssm_parameter ${source.name}`);
  const [resourceName, parameter] = found;
  const value = parameter.insecure_value ?? parameter.value;
  const text = evaluateTemplate(String(value), {
    ...evaluation,
    where: `aws_ssm_parameter.${resourceName}`,
  });
  ctx.parameters.set(source.name, adjustedJson(text, functionName, ctx, where));
  return JSON.stringify({ ...source, endpoint: ctx.parameters.endpoint });
}
