// A regional Lambda function in the home region (session manager, cookie
// issuer): the handler bundled at synth time with the AWS SDK it uses, config
// in environment variables, its own log group with a retention, and a role
// only lambda may assume, allowed to write to that log group and nothing else
// beyond the statements it is given.
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { codeSettings, executionRole, functionPackage, writeOwnLogStreams } from "./function-parts";
import type { PolicyStatement } from "./iam-policy";
import { loggingAt } from "./logging-context";

/** The regional functions run on the same Node.js major as the edge ones (one esbuild target). */
export const REGIONAL_RUNTIME = "nodejs22.x";

export interface RegionalFunctionProps {
  /** Function, role and log group name, from the naming helper. */
  functionName: string;
  description: string;
  /** Path of the TypeScript handler module (exports `handler`). */
  entry: string;
  /** Environment variables; values may hold Terraform values. */
  environment: Record<string, string>;
  /** Permissions beyond writing its own logs. */
  statements: PolicyStatement[];
}

export class RegionalFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RegionalFunctionProps) {
    super(scope, id);
    const { functionName } = props;

    const code = functionPackage(this, {
      functionName,
      entry: props.entry,
      runtime: REGIONAL_RUNTIME,
    });

    // Created by Terraform rather than by Lambda on first use, so it has a
    // retention and the role needs no logs:CreateLogGroup.
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${functionName}`,
      // logging.retentionDays: 30 by default, long enough to investigate a
      // login problem reported a few weeks later.
      retentionInDays: loggingAt(this).retentionDays,
    });

    const { role, policy } = executionRole(this, {
      name: functionName,
      description: `Execution role of the ${functionName} Lambda function`,
      services: ["lambda.amazonaws.com"],
      statements: [
        // The log group's own ARN carries no ":*"; its streams are below it.
        writeOwnLogStreams([`${this.logGroup.arn}:*`]),
        ...props.statements,
      ],
    });
    this.role = role;

    this.function = new LambdaFunction(this, "function", {
      functionName,
      description: props.description,
      role: role.arn,
      ...codeSettings(code, REGIONAL_RUNTIME),
      memorySize: 256,
      timeout: 10,
      environment: { variables: props.environment },
      loggingConfig: { logFormat: "Text", logGroup: this.logGroup.name },
      // The first invocation must find its log group and its permissions.
      dependsOn: [this.logGroup, policy],
    });
  }
}
