// The bucket CloudFront's access logs are delivered to: private, owner-enforced,
// encrypted, TLS-only, writable only by one log delivery source, and emptied
// of logs after the environment's expiry.
import { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { policyDocument } from "./iam-policy";

export interface LogBucketProps {
  /** Terraform adds a unique suffix (bucket names are global). */
  namePrefix: string;
  expireAfterDays: number;
  provider: AwsProvider;
}

export class LogBucket extends Construct {
  readonly bucket: S3Bucket;
  private readonly publicAccessBlock: S3BucketPublicAccessBlock;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: LogBucketProps,
  ) {
    super(scope, id);
    const { provider } = props;
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucketPrefix: props.namePrefix,
      // Logs are evidence: a destroy must not delete them before their expiry.
      forceDestroy: false,
    });
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{}],
          expiration: [{ days: props.expireAfterDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
  }

  /** The bucket policy: PutObject for log delivery from `deliverySourceArn` only, and TLS only. */
  allowDeliveryFrom(deliverySourceArn: string): S3BucketPolicy {
    const objects = `${this.bucket.arn}/*`;
    return new S3BucketPolicy(this, "policy", {
      provider: this.props.provider,
      bucket: this.bucket.id,
      policy: policyDocument([
        {
          Sid: "AllowLogDeliveryFromThisDistribution",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: objects,
          // The service writes for every account's deliveries: only ours may land here.
          Condition: { ArnLike: { "aws:SourceArn": deliverySourceArn } },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, objects],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
      // S3 rejects a policy while the public access block is being changed.
      dependsOn: [this.publicAccessBlock],
    });
  }
}
