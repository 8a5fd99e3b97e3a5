// The CloudFront distribution in front of the content bucket: HTTPS only,
// Origin Access Control to S3, managed cache and origin-request policies that
// keep Authorization and cookies out of the cache key and away from S3,
// security-headers response policies (CORS on content only), and the
// protection mode's edge functions, trusted key groups, routes to its own
// origins, public paths and error pages.
import { Construct } from "constructs";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import {
  CloudfrontResponseHeadersPolicy,
  type CloudfrontResponseHeadersPolicyCorsConfig,
  type CloudfrontResponseHeadersPolicySecurityHeadersConfig,
} from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { Environment } from "../environments/schema";
import type { CustomDomain } from "./custom-domain";
import type { Naming } from "./naming";
import type { Protection } from "./protection/protection";

/**
 * CloudFront's managed policies, by their documented fixed ids (looking them
 * up would need an AWS call at plan time).
 */
export const MANAGED_POLICY = {
  /** Cache key: path only; no headers, cookies or query strings. */
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  /** Forwards only Origin and Access-Control-Request-* headers: no cookies, no Authorization. */
  corsS3Origin: "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
  /** Nothing cached: every login, callback and logout reaches the origin. */
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  /** Every viewer header, cookie and query string except Host (a function URL needs its own). */
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

/** Every method CloudFront knows: identity routes take POSTs (logout forms). */
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"];

export const CONTENT_ORIGIN_ID = "content-bucket";

/** A path rule as a CloudFront path pattern: a folder ("/assets/") covers what is below it. */
export function pathPattern(rule: string): string {
  return rule.endsWith("/") ? `${rule}*` : rule;
}

/**
 * CORS for content: CloudFront answers an Origin in `origins` with that
 * origin (exact match), and with `credentials` lets a fetch that sends
 * cookies read the answer. Browsers refuse credentials beside "*", and so
 * does this: a page on any site must never read what a cookie opens.
 */
export function contentCorsConfig(
  origins: readonly string[],
  credentials: boolean,
): CloudfrontResponseHeadersPolicyCorsConfig | undefined {
  if (origins.length === 0) return undefined;
  if (credentials && origins.includes("*")) {
    throw new Error('CORS with credentials needs exact origins, not "*"');
  }
  return {
    accessControlAllowCredentials: credentials,
    accessControlAllowHeaders: { items: ["authorization", "range"] },
    accessControlAllowMethods: { items: ["GET", "HEAD", "OPTIONS"] },
    accessControlAllowOrigins: { items: [...origins] },
    accessControlExposeHeaders: { items: ["etag", "content-length", "content-range"] },
    accessControlMaxAgeSec: 600,
    originOverride: true,
  };
}

const SECURITY_HEADERS: CloudfrontResponseHeadersPolicySecurityHeadersConfig = {
  strictTransportSecurity: {
    accessControlMaxAgeSec: 63072000,
    includeSubdomains: true,
    preload: false,
    override: true,
  },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: "DENY", override: true },
  referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
  xssProtection: { protection: true, modeBlock: true, override: true },
};

export interface DistributionProps {
  naming: Naming;
  bucket: S3Bucket;
  cloudfront: Environment["cloudfront"];
  corsAllowedOrigins: string[];
  /** Content-Security-Policy on every response (see content-security-policy.ts). */
  contentSecurityPolicy: string;
  protection: Protection;
  customDomain?: CustomDomain;
  /** ARN of a CLOUDFRONT-scoped WAFv2 web ACL to check requests before anything else runs. */
  webAclId?: string;
  /** The us-east-1 provider (CloudFront's API region). */
  provider: AwsProvider;
}

export class Distribution extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;
  /** For the mode's own endpoints, when it has any: security headers, no CORS. */
  readonly routedHeadersPolicy?: CloudfrontResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: DistributionProps) {
    super(scope, id);
    const { naming, provider, customDomain, protection } = props;

    const originAccessControl = new CloudfrontOriginAccessControl(this, "oac", {
      provider,
      name: naming.resource("content-oac"),
      description: "CloudFront signs every request to the content bucket (SigV4)",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });

    const securityHeadersConfig: CloudfrontResponseHeadersPolicySecurityHeadersConfig = {
      ...SECURITY_HEADERS,
      contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true },
    };
    const corsConfig = contentCorsConfig(
      props.corsAllowedOrigins,
      protection.corsCredentials ?? false,
    );
    this.responseHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, "response-headers", {
      provider,
      name: naming.resource("security-headers"),
      comment: "HSTS, CSP, nosniff, frame and referrer policy for protected content",
      securityHeadersConfig,
      corsConfig,
      // The CORS headers name the request's Origin: a browser must not reuse
      // an answer fetched for one origin (or none) for another.
      customHeadersConfig: corsConfig
        ? { items: [{ header: "Vary", value: "Origin", override: true }] }
        : undefined,
    });

    const routed = protection.routedOrigins;
    // The mode's endpoints answer CORS themselves (the cookie issuer, for its
    // own origins); CloudFront's content CORS would override what they send.
    this.routedHeadersPolicy =
      routed.length === 0
        ? undefined
        : new CloudfrontResponseHeadersPolicy(this, "routed-response-headers", {
            provider,
            name: naming.resource("identity-headers"),
            comment: "HSTS, CSP, nosniff, frame and referrer policy for login and cookie endpoints",
            securityHeadersConfig,
          });
    const lambdaFunctionAssociation = protection.edgeAssociations.map((a) => ({
      eventType: a.eventType,
      lambdaArn: a.lambdaArn,
      includeBody: false,
    }));
    // How content is served from the bucket, checked (default) or public.
    const content = {
      targetOriginId: CONTENT_ORIGIN_ID,
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD", "OPTIONS"],
      cachedMethods: ["GET", "HEAD"],
      compress: true,
      cachePolicyId: MANAGED_POLICY.cachingOptimized,
      originRequestPolicyId: MANAGED_POLICY.corsS3Origin,
      responseHeadersPolicyId: this.responseHeadersPolicy.id,
    };
    const ordered = [
      // The mode's own endpoints: never cached, never checked at the edge
      // (they are where a viewer without a session goes to get one).
      ...routed.map((r) => ({
        pathPattern: r.pathPattern,
        targetOriginId: r.originId,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ALL_METHODS,
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: MANAGED_POLICY.cachingDisabled,
        originRequestPolicyId: MANAGED_POLICY.allViewerExceptHostHeader,
        responseHeadersPolicyId: (this.routedHeadersPolicy ?? this.responseHeadersPolicy).id,
        functionAssociation: r.viewerRequestFunctionArn
          ? [{ eventType: "viewer-request", functionArn: r.viewerRequestFunctionArn }]
          : undefined,
      })),
      // Public content: the default behaviour's settings without its checks.
      ...(protection.publicPaths ?? []).map((p) => ({ pathPattern: pathPattern(p), ...content })),
    ];
    const errorResponses = protection.errorResponses ?? [];

    this.distribution = new CloudfrontDistribution(this, "distribution", {
      provider,
      enabled: true,
      comment: naming.resource("protected-content"),
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      // "/" is served as this object: whichever of the two paths CloudFront
      // matches behaviours and runs the checks on, "/" is never more open
      // than the object (no rule can name "/" alone).
      defaultRootObject: props.cloudfront.defaultRootObject ?? undefined,
      priceClass: props.cloudfront.priceClass,
      aliases: customDomain ? [customDomain.domainName] : undefined,
      origin: [
        {
          originId: CONTENT_ORIGIN_ID,
          domainName: props.bucket.bucketRegionalDomainName,
          originAccessControlId: originAccessControl.id,
        },
        ...routed.map((r) => ({
          originId: r.originId,
          domainName: r.domainName,
          originAccessControlId: r.originAccessControlId,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
          },
        })),
      ],
      defaultCacheBehavior: {
        ...content,
        lambdaFunctionAssociation:
          lambdaFunctionAssociation.length > 0 ? lambdaFunctionAssociation : undefined,
        trustedKeyGroups:
          protection.trustedKeyGroupIds.length > 0 ? protection.trustedKeyGroupIds : undefined,
      },
      orderedCacheBehavior: ordered.length === 0 ? undefined : ordered,
      customErrorResponse: errorResponses.length === 0 ? undefined : errorResponses,
      restrictions: { geoRestriction: { restrictionType: "none" } },
      webAclId: props.webAclId,
      viewerCertificate: customDomain
        ? {
            acmCertificateArn: customDomain.certificateArn,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
          }
        : { cloudfrontDefaultCertificate: true },
    });
    for (const r of routed) r.allowDistribution?.(this.distribution.arn);
  }
}
