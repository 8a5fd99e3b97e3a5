// The bucket CloudFront's access logs are delivered to: private, owner-enforced,
// encrypted, TLS-only, writable only by one log delivery source, and emptied
// of logs after the environment's expiry.
import { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { lockDownBucket, tlsOnlyBucketPolicy } from "./private-bucket";

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
    this.publicAccessBlock = lockDownBucket(this, this.bucket, provider);
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
    const { provider } = this.props;
    return tlsOnlyBucketPolicy(
      this,
      this.bucket,
      this.publicAccessBlock,
      {
        Sid: "AllowLogDeliveryFromThisDistribution",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${this.bucket.arn}/*`,
        // The service writes for every account's deliveries: only ours may land here.
        Condition: { ArnLike: { "aws:SourceArn": deliverySourceArn } },
      },
      provider,
    );
  }
}
