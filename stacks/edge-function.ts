// A Lambda@Edge function: the handler bundled at synth time and its runtime
// config (Terraform values, known only at apply) zipped together, an IAM
// role trusting lambda and edgelambda with only what the function needs, and
// a published, never-destroyed function in us-east-1.
import { Construct } from "constructs";
import { DataResource, Fn } from "cdktf";
import type { DataArchiveFile } from "@cdktf/provider-archive/lib/data-archive-file";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { codeSettings, executionRole, functionPackage, writeOwnLogStreams } from "./function-parts";
import type { PolicyStatement } from "./iam-policy";

/** Lambda@Edge supports the Node.js runtimes Lambda supports; Node 20 left standard support in 2026. */
export const EDGE_RUNTIME = "nodejs22.x";

/** The runtime config's file name in the zip, and its key in the config record. */
export const EDGE_CONFIG_FILE = "config.json";

export interface EdgeFunctionProps {
  /** Function (and role) name, from the naming helper. */
  functionName: string;
  description: string;
  /** Path of the TypeScript handler module (exports `handler`). */
  entry: string;
  /** The function's config.json: a JSON-able object that may hold Terraform values. */
  config: object;
  /** The us-east-1 provider: Lambda@Edge functions live there. */
  provider: AwsProvider;
  /** Permissions beyond writing its own logs; none for a function that only decides. */
  statements?: PolicyStatement[];
  /** Account ids for the log-group ARNs; any account when not pinned. */
  accountIds?: string[];
  memorySize?: number;
  /** Seconds; viewer-request functions may run at most 5. */
  timeout?: number;
}

export class EdgeFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly package: DataArchiveFile;
  /** The published version's ARN: what CloudFront associations need. */
  readonly qualifiedArn: string;

  constructor(scope: Construct, id: string, props: EdgeFunctionProps) {
    super(scope, id);
    const { functionName, provider } = props;

    this.package = functionPackage(this, {
      functionName,
      entry: props.entry,
      runtime: EDGE_RUNTIME,
      bundleOptions: { edge: true },
      extraFiles: { [EDGE_CONFIG_FILE]: Fn.jsonencode(props.config) },
    });

    // The same config as a value in state: the zip is read anew on every
    // plan, so only this record lets a plan show config.json before and
    // after (cookie names, token rules, client ids) for review.
    new DataResource(this, "config-record", {
      input: { function: functionName, [EDGE_CONFIG_FILE]: props.config },
    });

    // Lambda@Edge writes logs in every region it runs in, to a log group named
    // after the us-east-1 function: only that group, in any region.
    const partition = new DataAwsPartition(this, "partition", { provider });
    const logGroups = (props.accountIds ?? ["*"]).map(
      (account) =>
        `arn:${partition.partition}:logs:*:${account}:log-group:/aws/lambda/us-east-1.${functionName}`,
    );
    this.role = executionRole(this, {
      provider,
      name: functionName,
      description: `Execution role of the ${functionName} Lambda@Edge function`,
      services: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"],
      statements: [
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogGroup"],
          Resource: logGroups,
        },
        writeOwnLogStreams(logGroups.map((arn) => `${arn}:log-stream:*`)),
        ...(props.statements ?? []),
      ],
    }).role;

    this.function = new LambdaFunction(this, "function", {
      provider,
      functionName,
      description: props.description,
      role: this.role.arn,
      ...codeSettings(this.package, EDGE_RUNTIME),
      memorySize: props.memorySize ?? 128,
      timeout: props.timeout ?? 5,
      // CloudFront associations need a numbered version.
      publish: true,
      // Replicas outlive the distribution by hours; a destroy would fail on
      // them. Terraform forgets the function instead (docs/operations.md: removing an environment).
      skipDestroy: true,
    });
    this.qualifiedArn = this.function.qualifiedArn;
  }
}
