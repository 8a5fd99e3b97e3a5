// What every Lambda function edge-gate deploys is built from, edge or
// regional: a zip made at plan/apply time from the esbuild bundle (and any
// extra files), and an execution role with one inline policy of exactly the
// statements the function needs.
import type { Construct } from "constructs";
import { DataArchiveFile } from "@cdktf/provider-archive/lib/data-archive-file";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { bundle, escapeTerraformTemplate, type BundleOptions } from "./bundle";
import { policyDocument, type PolicyStatement } from "./iam-policy";

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

/** The function's zip (construct id "package"): index.js, then the extra files. */
export function functionPackage(scope: Construct, props: FunctionPackageProps): DataArchiveFile {
  const code = bundle(props.entry, props.runtime, props.bundleOptions);
  return new DataArchiveFile(scope, "package", {
    type: "zip",
    outputPath: `dist/${props.functionName}.zip`,
    outputFileMode: "0644",
    source: [
      { filename: "index.js", content: escapeTerraformTemplate(code) },
      ...Object.entries(props.extraFiles ?? {}).map(([filename, content]) => ({
        filename,
        content,
      })),
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
