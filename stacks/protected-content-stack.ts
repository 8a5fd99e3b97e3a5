// One environment's stack: private content in S3, served by CloudFront,
// open only to the environment's Cognito users. Reads like a table of
// contents; each concern lives in its own construct.
import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { ArchiveProvider } from "@cdktf/provider-archive/lib/provider";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HttpProvider } from "@cdktf/provider-http/lib/provider";
import type { Environment } from "../environments/schema";
import { AccessLogs } from "./access-logs";
import { configureBackend } from "./backend";
import { ContentBucket } from "./content-bucket";
import { siteContentSecurityPolicy } from "./content-security-policy";
import { CustomDomain } from "./custom-domain";
import { Distribution } from "./distribution";
import { throttleIdentityApis } from "./identity-api";
import { provideLogging } from "./logging-context";
import { Naming } from "./naming";
import { createProtection } from "./protection";
import { UserDirectory } from "./user-directory";
import { WebAcl } from "./web-acl";

/** Lambda@Edge, ACM certificates for CloudFront and CloudFront's own API live here. */
export const EDGE_REGION = "us-east-1";

export class ProtectedContentStack extends TerraformStack {
  constructor(scope: Construct, env: Environment) {
    super(scope, env.name);
    // Before any child: log groups anywhere below take their retention from here.
    provideLogging(this, env.logging);
    const naming = new Naming(env);

    const providerDefaults = {
      allowedAccountIds: env.allowedAccountIds,
      defaultTags: [{ tags: { "edge-gate:environment": env.name, ...env.tags } }],
    };
    new AwsProvider(this, "aws", { region: env.homeRegion, ...providerDefaults });
    const edgeProvider = new AwsProvider(this, "aws-edge", {
      alias: "us_east_1",
      region: EDGE_REGION,
      ...providerDefaults,
    });
    new ArchiveProvider(this, "archive");
    new HttpProvider(this, "http");
    configureBackend(this, env);

    const content = new ContentBucket(this, "content", { bucket: env.bucket });
    const users = new UserDirectory(this, "users", {
      cognito: env.cognito,
      homeRegion: env.homeRegion,
      naming,
    });
    const customDomain = env.customDomain
      ? new CustomDomain(this, "custom-domain", {
          domain: env.customDomain,
          certificateProvider: edgeProvider,
        })
      : undefined;
    const protection = createProtection(this, { env, users, naming, edgeProvider });
    if (env.identityApiThrottling) throttleIdentityApis(this, env.identityApiThrottling);
    // Checked by WAF before CloudFront runs any edge function or reaches an origin.
    const webAcl = env.webAcl
      ? new WebAcl(this, "web-acl", { naming, settings: env.webAcl, provider: edgeProvider })
      : undefined;
    const { distribution } = new Distribution(this, "cdn", {
      naming,
      bucket: content.bucket,
      cloudfront: env.cloudfront,
      corsAllowedOrigins: env.bucket.corsAllowedOrigins,
      contentSecurityPolicy: siteContentSecurityPolicy(env),
      protection,
      customDomain,
      webAclId: webAcl?.arn,
      provider: edgeProvider,
    });
    content.allowReadOnlyFrom(distribution.arn);
    if (env.logging.cloudfront) {
      new AccessLogs(this, "access-logs", {
        naming,
        settings: env.logging.cloudfront,
        protection: env.protection,
        retentionDays: env.logging.retentionDays,
        distributionArn: distribution.arn,
        provider: edgeProvider,
      });
    }
    customDomain?.aliasTo(distribution);
    const siteOrigin = `https://${customDomain?.domainName ?? distribution.domainName}`;
    protection.connect?.({ origin: siteOrigin });

    const outputs: Record<string, { value: unknown; description: string }> = {
      protection_mode: { value: env.protection.mode, description: "How requests are checked" },
      distribution_domain: {
        value: distribution.domainName,
        description: "CloudFront domain name",
      },
      content_url: {
        value: siteOrigin,
        description: "Where viewers fetch content",
      },
      distribution_id: { value: distribution.id, description: "For cache invalidations" },
      content_bucket: { value: content.bucket.bucket, description: "Upload content here" },
      user_pool_id: { value: users.userPool.id, description: "Cognito user pool" },
      app_client_ids: {
        value: Object.fromEntries([...users.clients].map(([name, c]) => [name, c.id])),
        description: "Cognito app client ids by name",
      },
      hosted_ui_url: { value: users.hostedUiUrl, description: "Cognito hosted UI base URL" },
      token_issuer: { value: users.issuer, description: "iss of accepted tokens" },
      ...protection.outputs,
    };
    for (const [id, output] of Object.entries(outputs)) {
      new TerraformOutput(this, id, output);
    }
  }
}
