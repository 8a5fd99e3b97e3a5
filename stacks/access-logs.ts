// CloudFront access logs through standard logging v2: the distribution's
// ACCESS_LOGS delivery source, a destination (a private log bucket or a log
// group) and the delivery between them, all in us-east-1 where CloudFront's
// delivery sources must be. The delivered fields never hold a credential.
import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  credentialFieldProblems,
  type CloudfrontLogSettings,
  type CredentialCarriers,
} from "../environments/schema/logging";
import { policyDocument } from "./iam-policy";
import { LogBucket } from "./log-bucket";
import type { Naming } from "./naming";

export interface AccessLogsProps {
  naming: Naming;
  settings: CloudfrontLogSettings;
  /** What may carry a credential in this environment (the protection settings). */
  protection: CredentialCarriers;
  /** For a log group destination. */
  retentionDays: number;
  distributionArn: string;
  /** The us-east-1 provider. */
  provider: AwsProvider;
}

/**
 * The fields to deliver; throws if one could hold a credential. The schema
 * refuses such an environment already: this guards a construct used without it.
 */
export function safeRecordFields(
  fields: readonly string[],
  protection: CredentialCarriers,
): string[] {
  const problems = credentialFieldProblems(fields, protection);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("\n"));
  return [...fields];
}

export class AccessLogs extends Construct {
  readonly source: CloudwatchLogDeliverySource;
  readonly delivery: CloudwatchLogDelivery;
  /** What must exist before the delivery: the destination's permission for this source. */
  private readonly permissions: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: AccessLogsProps) {
    super(scope, id);
    const { naming, settings, provider } = props;
    const recordFields = safeRecordFields(settings.fields, props.protection);
    const name = naming.resource("cloudfront-access");

    this.source = new CloudwatchLogDeliverySource(this, "source", {
      provider,
      name,
      logType: "ACCESS_LOGS",
      resourceArn: props.distributionArn,
    });
    const destinationArn =
      settings.destination === "s3"
        ? this.logBucket(naming, settings.expireAfterDays, provider)
        : this.logGroup(name, props.retentionDays, provider);
    const destination = new CloudwatchLogDeliveryDestination(this, "destination", {
      provider,
      name,
      outputFormat: "json",
      deliveryDestinationConfiguration: [{ destinationResourceArn: destinationArn }],
    });
    this.delivery = new CloudwatchLogDelivery(this, "delivery", {
      provider,
      deliverySourceName: this.source.name,
      deliveryDestinationArn: destination.arn,
      recordFields,
      dependsOn: this.permissions,
    });
  }

  private logBucket(naming: Naming, expireAfterDays: number, provider: AwsProvider): string {
    const logs = new LogBucket(this, "bucket", {
      namePrefix: naming.resource("access-logs-"),
      expireAfterDays,
      provider,
    });
    this.permissions.push(logs.allowDeliveryFrom(this.source.arn));
    return logs.bucket.arn;
  }

  private logGroup(name: string, retentionDays: number, provider: AwsProvider): string {
    // Under /aws/vendedlogs/, as AWS advises for delivered logs.
    const group = new CloudwatchLogGroup(this, "log-group", {
      provider,
      name: `/aws/vendedlogs/${name}`,
      retentionInDays: retentionDays,
    });
    const policy = new CloudwatchLogResourcePolicy(this, "log-group-policy", {
      provider,
      policyName: name,
      policyDocument: policyDocument([
        {
          Sid: "AllowLogDeliveryFromThisDistribution",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${group.arn}:log-stream:*`,
          Condition: { ArnLike: { "aws:SourceArn": this.source.arn } },
        },
      ]),
    });
    this.permissions.push(policy);
    return group.arn;
  }
}
