// The private content bucket: no public access, owner-enforced ownership,
// encryption at rest, TLS-only, readable only by this stack's CloudFront
// distribution through Origin Access Control.
import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketCorsConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-cors-configuration";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { Environment } from "../environments/schema";
import { lockDownBucket, tlsOnlyBucketPolicy } from "./private-bucket";

export interface ContentBucketProps {
  bucket: Environment["bucket"];
}

export class ContentBucket extends Construct {
  readonly bucket: S3Bucket;
  private readonly publicAccessBlock: S3BucketPublicAccessBlock;

  constructor(scope: Construct, id: string, props: ContentBucketProps) {
    super(scope, id);
    const { name, namePrefix, corsAllowedOrigins, noncurrentVersionDays } = props.bucket;

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: name,
      bucketPrefix: namePrefix,
      // Content is the product: never let a destroy empty the bucket.
      forceDestroy: false,
    });
    this.publicAccessBlock = lockDownBucket(this, this.bucket);
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    // Versions protect against a bad upload or delete for a while, not forever:
    // every replaced object would otherwise be paid for indefinitely.
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentVersionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      // S3 refuses a noncurrent-version rule on a bucket whose versioning is still being set.
      dependsOn: [versioning],
    });
    if (corsAllowedOrigins.length > 0) {
      // Browsers preflight fetches that send Authorization; the edge function
      // lets preflights through to S3, which answers them from this rule.
      new S3BucketCorsConfiguration(this, "cors", {
        bucket: this.bucket.id,
        corsRule: [
          {
            allowedMethods: ["GET", "HEAD"],
            allowedOrigins: corsAllowedOrigins,
            allowedHeaders: ["authorization", "range", "if-none-match", "if-modified-since"],
            exposeHeaders: ["etag", "content-length", "content-range", "last-modified"],
            maxAgeSeconds: 600,
          },
        ],
      });
    }
  }

  /**
   * The bucket policy: GetObject for the CloudFront service principal, only
   * on behalf of `distributionArn` (OAC, not the legacy OAI), and a deny of
   * any request that does not use TLS.
   */
  allowReadOnlyFrom(distributionArn: string): S3BucketPolicy {
    return tlsOnlyBucketPolicy(this, this.bucket, this.publicAccessBlock, {
      Sid: "AllowCloudFrontReadThroughOAC",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: `${this.bucket.arn}/*`,
      Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
    });
  }
}
