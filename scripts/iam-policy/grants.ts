// What Terraform needs from AWS for each resource type edge-gate creates:
// the read actions a plan (refresh) calls, the write actions an apply calls,
// and the resources they act on, narrowed to this environment's names where
// the service allows it. Every type the stack uses must be here: the policy
// generator refuses a stack with a type it does not know.
import type { Environment } from "../../environments/schema";

export interface GrantContext {
  env: Environment;
  /** The account the environment deploys to (from its deploy role). */
  account: string;
  /** Regions where the stack creates regional resources: home, plus replicas. */
  regions: string[];
  partition: string;
}

export interface Grant {
  /** Statement id; grants with one id are merged. */
  sid: string;
  read: string[];
  write: string[] | ((ctx: GrantContext) => string[]);
  resources: (ctx: GrantContext) => string[];
  /** Conditions that narrow an action AWS only grants on "*". */
  condition?: (ctx: GrantContext) => Record<string, Record<string, string | string[]>>;
}

const EDGE_REGION = "us-east-1";

/** `<env>-*`: every name from the naming helper. */
function named(ctx: GrantContext): string {
  return `${ctx.env.name}-*`;
}

function contentBucket(ctx: GrantContext): string {
  const b = ctx.env.bucket;
  return `arn:${ctx.partition}:s3:::${b.name ?? `${b.namePrefix}*`}`;
}

/** The CloudFront access log destination, if the environment logs requests. */
function accessLogs(ctx: GrantContext): "s3" | "cloudwatch" | undefined {
  return ctx.env.logging.cloudfront?.destination;
}

function lambdaRegions(ctx: GrantContext): string[] {
  return [...new Set([ctx.env.homeRegion, EDGE_REGION])];
}

function inRegions(requested: string[]): Record<string, Record<string, string[]>> {
  return { StringEquals: { "aws:RequestedRegion": requested } };
}

const CONTENT_BUCKET: Grant = {
  sid: "ContentBucket",
  // Bucket-level ARN only: no object in the bucket can be read or deleted.
  read: [
    "s3:GetBucket*",
    "s3:GetAccelerateConfiguration",
    "s3:GetEncryptionConfiguration",
    "s3:GetLifecycleConfiguration",
    "s3:GetReplicationConfiguration",
    "s3:ListBucket",
  ],
  write: [
    "s3:CreateBucket",
    "s3:DeleteBucket",
    "s3:PutBucket*",
    "s3:DeleteBucketPolicy",
    "s3:PutEncryptionConfiguration",
    "s3:PutAccelerateConfiguration",
    "s3:PutLifecycleConfiguration",
    "s3:PutReplicationConfiguration",
  ],
  // The access-log bucket needs the same bucket-level actions.
  resources: (ctx) => [
    contentBucket(ctx),
    ...(accessLogs(ctx) === "s3"
      ? [`arn:${ctx.partition}:s3:::${ctx.env.name}-access-logs-*`]
      : []),
  ],
};

const USER_POOL: Grant = {
  sid: "UserPool",
  read: ["cognito-idp:Describe*", "cognito-idp:Get*", "cognito-idp:List*"],
  write: [
    "cognito-idp:Create*",
    "cognito-idp:Update*",
    "cognito-idp:Delete*",
    "cognito-idp:Set*",
    "cognito-idp:TagResource",
    "cognito-idp:UntagResource",
  ],
  resources: (ctx) => [
    `arn:${ctx.partition}:cognito-idp:${ctx.env.homeRegion}:${ctx.account}:userpool/*`,
  ],
};

const USER_POOL_CREATE: Grant = {
  sid: "UserPoolCreate",
  // CreateUserPool and the domain look-ups take no resource ARN.
  read: ["cognito-idp:DescribeUserPoolDomain"],
  write: ["cognito-idp:CreateUserPool"],
  resources: () => ["*"],
  condition: (ctx) => inRegions([ctx.env.homeRegion]),
};

const CLOUDFRONT: Grant = {
  sid: "CloudFront",
  read: ["cloudfront:Get*", "cloudfront:List*", "cloudfront:DescribeFunction"],
  write: [
    "cloudfront:Create*",
    "cloudfront:Update*",
    "cloudfront:Delete*",
    "cloudfront:PublishFunction",
    "cloudfront:TagResource",
    "cloudfront:UntagResource",
    // Creating the distribution's access log delivery source.
    "cloudfront:AllowVendedLogDeliveryForResource",
  ],
  // CloudFront ids are random: the account's distributions and their parts.
  resources: (ctx) =>
    [
      "distribution",
      "origin-access-control",
      "response-headers-policy",
      "key-group",
      "public-key",
      "cache-policy",
      "origin-request-policy",
      "function",
    ].map((type) => `arn:${ctx.partition}:cloudfront::${ctx.account}:${type}/*`),
};

/** The login functions' config parameters (stacks/identity-api.ts), by their fixed names. */
const CONFIG_PARAMETERS: Grant = {
  sid: "ConfigParameters",
  read: ["ssm:GetParameter", "ssm:GetParameters", "ssm:ListTagsForResource"],
  write: [
    "ssm:PutParameter",
    "ssm:DeleteParameter",
    "ssm:AddTagsToResource",
    "ssm:RemoveTagsFromResource",
  ],
  resources: (ctx) => [
    `arn:${ctx.partition}:ssm:${ctx.env.homeRegion}:${ctx.account}:parameter/edge-gate/${named(ctx)}`,
  ],
};

/** The provider reads a parameter's settings with DescribeParameters, which takes no resource ARN. */
const CONFIG_PARAMETER_LOOKUP: Grant = {
  sid: "ConfigParameterLookup",
  read: ["ssm:DescribeParameters"],
  write: [],
  resources: () => ["*"],
  condition: (ctx) => inRegions([ctx.env.homeRegion]),
};

const FUNCTIONS: Grant = {
  sid: "Functions",
  read: ["lambda:Get*", "lambda:List*"],
  write: [
    "lambda:CreateFunction",
    "lambda:UpdateFunction*",
    "lambda:DeleteFunction",
    "lambda:PublishVersion",
    "lambda:AddPermission",
    "lambda:RemovePermission",
    "lambda:TagResource",
    "lambda:UntagResource",
    "lambda:PutFunctionConcurrency",
    "lambda:DeleteFunctionConcurrency",
    "lambda:CreateFunctionUrlConfig",
    "lambda:UpdateFunctionUrlConfig",
    "lambda:DeleteFunctionUrlConfig",
  ],
  resources: (ctx) =>
    lambdaRegions(ctx).flatMap((r) => [
      `arn:${ctx.partition}:lambda:${r}:${ctx.account}:function:${named(ctx)}`,
    ]),
};

const EDGE_REPLICATION: Grant = {
  sid: "EdgeReplication",
  // CloudFront replicates a Lambda@Edge version when a distribution names it.
  read: [],
  write: ["lambda:EnableReplication*", "lambda:DisableReplication*"],
  resources: (ctx) => [
    `arn:${ctx.partition}:lambda:${EDGE_REGION}:${ctx.account}:function:${named(ctx)}:*`,
  ],
};

const ROLES: Grant = {
  sid: "FunctionRoles",
  read: [
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListRolePolicies",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
  ],
  write: [
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
  ],
  resources: (ctx) => [`arn:${ctx.partition}:iam::${ctx.account}:role/${named(ctx)}`],
};

const PASS_ROLES: Grant = {
  sid: "PassFunctionRoles",
  read: [],
  write: ["iam:PassRole"],
  resources: (ctx) => [`arn:${ctx.partition}:iam::${ctx.account}:role/${named(ctx)}`],
  condition: () => ({
    StringEquals: { "iam:PassedToService": ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] },
  }),
};

const SERVICE_LINKED: Grant = {
  sid: "ServiceLinkedRoles",
  // First Lambda@Edge association, first CloudFront log, first table replica in an account.
  read: [],
  write: ["iam:CreateServiceLinkedRole"],
  resources: (ctx) => [`arn:${ctx.partition}:iam::${ctx.account}:role/aws-service-role/*`],
  condition: () => ({
    StringEquals: {
      "iam:AWSServiceName": [
        "replicator.lambda.amazonaws.com",
        "logger.cloudfront.amazonaws.com",
        "replication.dynamodb.amazonaws.com",
      ],
    },
  }),
};

const HTTP_API: Grant = {
  sid: "IdentityApi",
  read: ["apigateway:GET"],
  write: [
    "apigateway:POST",
    "apigateway:PATCH",
    "apigateway:PUT",
    "apigateway:DELETE",
    "apigateway:TagResource",
    "apigateway:UntagResource",
  ],
  resources: (ctx) => [
    `arn:${ctx.partition}:apigateway:${ctx.env.homeRegion}::/apis`,
    `arn:${ctx.partition}:apigateway:${ctx.env.homeRegion}::/apis/*`,
    `arn:${ctx.partition}:apigateway:${ctx.env.homeRegion}::/tags/*`,
  ],
};

const LOG_GROUPS: Grant = {
  sid: "FunctionLogGroups",
  read: ["logs:ListTagsForResource", "logs:ListTagsLogGroup"],
  write: [
    "logs:CreateLogGroup",
    "logs:DeleteLogGroup",
    "logs:PutRetentionPolicy",
    "logs:DeleteRetentionPolicy",
    "logs:TagResource",
    "logs:UntagResource",
    "logs:TagLogGroup",
    "logs:UntagLogGroup",
  ],
  resources: (ctx) => [
    `arn:${ctx.partition}:logs:${ctx.env.homeRegion}:${ctx.account}:log-group:/aws/lambda/${named(ctx)}`,
    `arn:${ctx.partition}:logs:${ctx.env.homeRegion}:${ctx.account}:log-group:/aws/apigateway/${named(ctx)}`,
    ...(accessLogs(ctx) === "cloudwatch"
      ? [
          `arn:${ctx.partition}:logs:${EDGE_REGION}:${ctx.account}:log-group:/aws/vendedlogs/${named(ctx)}`,
        ]
      : []),
  ],
};

const LOG_GROUP_LOOKUP: Grant = {
  sid: "FunctionLogGroupLookup",
  // DescribeLogGroups is granted per region, not per group.
  read: ["logs:DescribeLogGroups"],
  write: [],
  resources: (ctx) =>
    [
      ...new Set([ctx.env.homeRegion, ...(accessLogs(ctx) === "cloudwatch" ? [EDGE_REGION] : [])]),
    ].map((r) => `arn:${ctx.partition}:logs:${r}:${ctx.account}:log-group:*`),
};

const LOG_DELIVERY: Grant = {
  sid: "AccessLogDelivery",
  // CloudFront's delivery sources live in us-east-1; delivery ids are random.
  read: ["logs:GetDelivery*", "logs:ListTagsForResource"],
  write: [
    "logs:PutDeliverySource",
    "logs:PutDeliveryDestination",
    "logs:CreateDelivery",
    "logs:UpdateDeliveryConfiguration",
    "logs:DeleteDelivery*",
    "logs:TagResource",
    "logs:UntagResource",
  ],
  resources: (ctx) =>
    accessLogs(ctx)
      ? ["delivery-source", "delivery-destination"]
          .map((t) => `arn:${ctx.partition}:logs:${EDGE_REGION}:${ctx.account}:${t}:${named(ctx)}`)
          .concat(`arn:${ctx.partition}:logs:${EDGE_REGION}:${ctx.account}:delivery:*`)
      : [],
};

const LOG_DELIVERY_LOOKUP: Grant = {
  sid: "AccessLogDeliveryLookup",
  // The Describe calls and account-wide resource policies take no resource ARN.
  read: ["logs:DescribeDeliver*", "logs:DescribeResourcePolicies"],
  write: (ctx) =>
    accessLogs(ctx) === "cloudwatch" ? ["logs:PutResourcePolicy", "logs:DeleteResourcePolicy"] : [],
  resources: (ctx) => (accessLogs(ctx) ? ["*"] : []),
  condition: () => inRegions([EDGE_REGION]),
};

const SESSION_TABLE: Grant = {
  sid: "SessionTable",
  read: ["dynamodb:Describe*", "dynamodb:ListTagsOfResource"],
  write: (ctx) => [
    "dynamodb:CreateTable",
    "dynamodb:UpdateTable",
    "dynamodb:DeleteTable",
    "dynamodb:UpdateTimeToLive",
    "dynamodb:UpdateContinuousBackups",
    "dynamodb:TagResource",
    "dynamodb:UntagResource",
    // Adding a global-table replica copies the items: AWS requires the item
    // actions too, so they are granted only where replicas exist.
    ...(ctx.regions.length > 1
      ? [
          "dynamodb:CreateTableReplica",
          "dynamodb:DeleteTableReplica",
          "dynamodb:Scan",
          "dynamodb:Query",
          "dynamodb:UpdateItem",
          "dynamodb:PutItem",
          "dynamodb:GetItem",
          "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem",
        ]
      : []),
  ],
  // Replicas live in other regions under the same name.
  resources: (ctx) =>
    ctx.regions.map((r) => `arn:${ctx.partition}:dynamodb:${r}:${ctx.account}:table/${named(ctx)}`),
};

const CERTIFICATE: Grant = {
  sid: "Certificate",
  read: ["acm:DescribeCertificate", "acm:ListTagsForCertificate", "acm:GetCertificate"],
  write: ["acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"],
  resources: (ctx) => [`arn:${ctx.partition}:acm:${EDGE_REGION}:${ctx.account}:certificate/*`],
};

const CERTIFICATE_REQUEST: Grant = {
  sid: "CertificateRequest",
  read: [],
  write: ["acm:RequestCertificate"],
  resources: () => ["*"],
  condition: () => inRegions([EDGE_REGION]),
};

const DNS: Grant = {
  sid: "DomainRecords",
  read: ["route53:GetHostedZone", "route53:ListResourceRecordSets"],
  write: ["route53:ChangeResourceRecordSets"],
  resources: (ctx) =>
    ctx.env.customDomain
      ? [`arn:${ctx.partition}:route53:::hostedzone/${ctx.env.customDomain.route53ZoneId}`]
      : [],
};

const DNS_CHANGES: Grant = {
  sid: "DomainRecordChanges",
  read: ["route53:GetChange"],
  write: [],
  resources: (ctx) => [`arn:${ctx.partition}:route53:::change/*`],
};

const WEB_ACL: Grant = {
  sid: "WebAcl",
  // CloudFront-scoped ACLs live in us-east-1 under "global/". Creating or
  // updating one that names managed rule groups needs them as resources too.
  // The distribution takes the ACL through cloudfront:UpdateDistribution.
  read: ["wafv2:GetWebACL", "wafv2:ListTagsForResource"],
  write: [
    "wafv2:CreateWebACL",
    "wafv2:UpdateWebACL",
    "wafv2:DeleteWebACL",
    "wafv2:TagResource",
    "wafv2:UntagResource",
  ],
  resources: (ctx) => [
    `arn:${ctx.partition}:wafv2:${EDGE_REGION}:${ctx.account}:global/webacl/${named(ctx)}/*`,
    `arn:${ctx.partition}:wafv2:${EDGE_REGION}:${ctx.account}:global/managedruleset/*/*`,
  ],
};

/** Resource and data source types, with what Terraform needs for them. Empty: needs nothing from AWS. */
export const GRANTS: Record<string, Grant[]> = {
  aws_s3_bucket: [CONTENT_BUCKET],
  aws_s3_bucket_cors_configuration: [CONTENT_BUCKET],
  aws_s3_bucket_ownership_controls: [CONTENT_BUCKET],
  aws_s3_bucket_policy: [CONTENT_BUCKET],
  aws_s3_bucket_public_access_block: [CONTENT_BUCKET],
  aws_s3_bucket_server_side_encryption_configuration: [CONTENT_BUCKET],
  aws_s3_bucket_versioning: [CONTENT_BUCKET],
  aws_s3_bucket_lifecycle_configuration: [CONTENT_BUCKET],
  aws_cognito_user_pool: [USER_POOL, USER_POOL_CREATE],
  aws_cognito_user_pool_client: [USER_POOL],
  aws_cognito_user_pool_domain: [USER_POOL, USER_POOL_CREATE],
  aws_cognito_user_group: [USER_POOL],
  aws_cloudfront_distribution: [CLOUDFRONT, EDGE_REPLICATION, SERVICE_LINKED],
  aws_cloudfront_origin_access_control: [CLOUDFRONT],
  aws_cloudfront_response_headers_policy: [CLOUDFRONT],
  aws_cloudfront_key_group: [CLOUDFRONT],
  aws_cloudfront_public_key: [CLOUDFRONT],
  aws_lambda_function: [FUNCTIONS, PASS_ROLES],
  aws_lambda_permission: [FUNCTIONS],
  // HTTP_API too: the first apply of the function URLs destroys the API they
  // replace (an upgrade step; drop it once every environment has applied it).
  aws_lambda_function_url: [FUNCTIONS, HTTP_API],
  aws_cloudfront_function: [CLOUDFRONT],
  aws_ssm_parameter: [CONFIG_PARAMETERS, CONFIG_PARAMETER_LOOKUP],
  aws_iam_role: [ROLES],
  aws_iam_role_policy: [ROLES],
  aws_apigatewayv2_api: [HTTP_API],
  aws_apigatewayv2_integration: [HTTP_API],
  aws_apigatewayv2_route: [HTTP_API],
  aws_apigatewayv2_stage: [HTTP_API],
  aws_cloudwatch_log_group: [LOG_GROUPS, LOG_GROUP_LOOKUP],
  aws_cloudwatch_log_delivery_source: [LOG_DELIVERY, LOG_DELIVERY_LOOKUP, CLOUDFRONT],
  aws_cloudwatch_log_delivery_destination: [LOG_DELIVERY, LOG_DELIVERY_LOOKUP],
  aws_cloudwatch_log_delivery: [LOG_DELIVERY, LOG_DELIVERY_LOOKUP],
  aws_cloudwatch_log_resource_policy: [LOG_DELIVERY_LOOKUP],
  aws_dynamodb_table: [SESSION_TABLE, SERVICE_LINKED],
  aws_acm_certificate: [CERTIFICATE, CERTIFICATE_REQUEST],
  aws_acm_certificate_validation: [CERTIFICATE],
  aws_route53_record: [DNS, DNS_CHANGES],
  aws_wafv2_web_acl: [WEB_ACL],
  // Computed by Terraform or the provider without an AWS call.
  terraform_data: [],
  aws_partition: [],
  aws_region: [],
  aws_iam_policy_document: [],
  archive_file: [],
  http: [],
};
