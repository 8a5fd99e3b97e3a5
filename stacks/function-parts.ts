// What every Lambda function edge-gate deploys is built from, edge or
// regional: a zip made at plan/apply time from the esbuild bundle (a file in
// the stack directory, so plans name it instead of printing it) and any extra
// files, a record of the code's hash and size for plan review, and an
// execution role with one inline policy of exactly the statements it needs.
import * as path from "node:path";
import type { Construct } from "constructs";
import { AssetType, DataResource, Fn, TerraformAsset } from "cdktf";
import { DataArchiveFile } from "@cdktf/provider-archive/lib/data-archive-file";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { bundleFile, type BundleOptions } from "./bundle";
import { policyDocument, type PolicyStatement } from "./iam-policy";
import { CODE_RECORD_KEY } from "./plan-records";

export interface FunctionPackageProps {
  /** Names the zip (dist/<name>.zip). */
  functionName: string;
  /** Path of the TypeScript handler module (exports `handler`). */
  entry: string;
  runtime: string;
  bundleOptions?: BundleOptions;
  /** Files zipped next to index.js; contents may hold Terraform values. */
  extraFiles?: Record<string, string>;
}

/**
 * The function's zip (construct id "package"): index.js, then the extra files.
 * The bundle reaches Terraform as a file: with no extra files the archive names
 * it (`source_file`), known at plan time; next to config made of Terraform
 * values it is read with `file()` and marked sensitive, because an archive
 * whose config is known only after apply is shown whole in the plan
 * (docs/decisions/0009-function-code-out-of-plans.md).
 */
export function functionPackage(scope: Construct, props: FunctionPackageProps): DataArchiveFile {
  const built = bundleFile(props.entry, props.runtime, props.bundleOptions);
  const asset = new TerraformAsset(scope, "code", {
    path: built.file,
    type: AssetType.FILE,
    assetHash: built.sha256.slice(0, 32),
  });
  // The code's fingerprint as a value in state: a code change reads as a
  // changed hash and size in every plan, whether or not the zip is read then.
  new DataResource(scope, "code-record", {
    input: {
      function: props.functionName,
      [CODE_RECORD_KEY]: { sha256: built.sha256, bytes: built.bytes },
    },
  });
  const extraFiles = Object.entries(props.extraFiles ?? {});
  const common = {
    type: "zip",
    outputPath: `dist/${props.functionName}.zip`,
    outputFileMode: "0644",
  };
  if (extraFiles.length === 0) {
    if (path.posix.basename(asset.path) !== "index.js") throw new Error("bundle must be index.js");
    return new DataArchiveFile(scope, "package", { ...common, sourceFile: asset.path });
  }
  return new DataArchiveFile(scope, "package", {
    ...common,
    source: [
      { filename: "index.js", content: Fn.sensitive(Fn.file(asset.path)) },
      ...extraFiles.map(([filename, content]) => ({ filename, content })),
    ],
  });
}

export interface ExecutionRoleProps {
  /** Role name; its inline policy is `<name>-permissions`. */
  name: string;
  description: string;
  /** Service principals that may assume the role. */
  services: string[];
  statements: PolicyStatement[];
  provider?: AwsProvider;
}

/**
 * The role (construct id "role") and its inline policy ("policy"). Inline,
 * not managed: the permissions live and die with the function.
 */
export function executionRole(
  scope: Construct,
  props: ExecutionRoleProps,
): { role: IamRole; policy: IamRolePolicy } {
  const { name, provider } = props;
  const role = new IamRole(scope, "role", {
    provider,
    name,
    description: props.description,
    assumeRolePolicy: policyDocument([
      {
        Effect: "Allow",
        // One service as a string, as IAM itself would store it.
        Principal: { Service: props.services.length === 1 ? props.services[0] : props.services },
        Action: "sts:AssumeRole",
      },
    ]),
  });
  const policy = new IamRolePolicy(scope, "policy", {
    provider,
    name: `${name}-permissions`,
    role: role.id,
    policy: policyDocument(props.statements),
  });
  return { role, policy };
}

/** Lets a function create log streams and put events, only under `streamResources`. */
export function writeOwnLogStreams(streamResources: string[]): PolicyStatement {
  return {
    Sid: "WriteOwnLogStreams",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: streamResources,
  };
}

/** The LambdaFunction settings that say what runs: the package's `index.handler` on `runtime`. */
export function codeSettings(pkg: DataArchiveFile, runtime: string) {
  return {
    runtime,
    handler: "index.handler",
    architectures: ["x86_64"],
    filename: pkg.outputPath,
    // A new bundle or config means a new hash, hence an update (and, at the edge, a new version).
    sourceCodeHash: pkg.outputBase64Sha256,
  };
}
