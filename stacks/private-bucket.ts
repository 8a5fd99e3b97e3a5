// What every bucket the stack creates shares: no public access, owner-enforced
// ownership, encryption at rest, and a policy that refuses any request without
// TLS. The constructs keep the ids each bucket construct always gave them, so
// resource addresses do not move.
import type { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { policyDocument, type PolicyStatement } from "./iam-policy";

/** Public access blocked, ownership enforced, SSE-S3 with a bucket key; returns the block (policies wait for it). */
export function lockDownBucket(
  scope: Construct,
  bucket: S3Bucket,
  provider?: AwsProvider,
): S3BucketPublicAccessBlock {
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, "public-access-block", {
    provider,
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, "ownership", {
    provider,
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, "encryption", {
    provider,
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
        bucketKeyEnabled: true,
      },
    ],
  });
  return publicAccessBlock;
}

/** The bucket policy (construct id "policy"): `allow`, then a deny of every request without TLS. */
export function tlsOnlyBucketPolicy(
  scope: Construct,
  bucket: S3Bucket,
  publicAccessBlock: S3BucketPublicAccessBlock,
  allow: PolicyStatement,
  provider?: AwsProvider,
): S3BucketPolicy {
  return new S3BucketPolicy(scope, "policy", {
    provider,
    bucket: bucket.id,
    policy: policyDocument([
      allow,
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucket.arn, `${bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]),
    // S3 rejects a policy while the public access block is being changed.
    dependsOn: [publicAccessBlock],
  });
}
