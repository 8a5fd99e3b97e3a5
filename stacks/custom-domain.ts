// A custom domain for the distribution: an ACM certificate in us-east-1 (the
// only region CloudFront takes certificates from), validated through DNS in
// the environment's Route 53 zone, and IPv4/IPv6 alias records.
import { Construct } from "constructs";
import { TerraformIterator, Token } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import type { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { Environment } from "../environments/schema";

export interface CustomDomainProps {
  domain: NonNullable<Environment["customDomain"]>;
  /** The us-east-1 provider. */
  certificateProvider: AwsProvider;
}

export class CustomDomain extends Construct {
  readonly domainName: string;
  /** ARN of the certificate once DNS validation has completed. */
  readonly certificateArn: string;
  private readonly zoneId: string;

  constructor(scope: Construct, id: string, props: CustomDomainProps) {
    super(scope, id);
    const { domainName, route53ZoneId } = props.domain;
    this.domainName = domainName;
    this.zoneId = route53ZoneId;

    const certificate = new AcmCertificate(this, "certificate", {
      provider: props.certificateProvider,
      domainName,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      lifecycle: { createBeforeDestroy: true },
    });

    const validationOptions = TerraformIterator.fromComplexList(
      certificate.domainValidationOptions,
      "domain_name",
    );
    const validationRecords = new Route53Record(this, "validation-record", {
      forEach: validationOptions,
      zoneId: route53ZoneId,
      name: validationOptions.getString("resource_record_name"),
      type: validationOptions.getString("resource_record_type"),
      records: [validationOptions.getString("resource_record_value")],
      ttl: 300,
      allowOverwrite: true,
    });

    const validation = new AcmCertificateValidation(this, "validation", {
      provider: props.certificateProvider,
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(
        `\${[for record in ${validationRecords.fqn} : record.fqdn]}`,
      ),
    });
    this.certificateArn = validation.certificateArn;
  }

  /** A and AAAA alias records pointing the domain at the distribution. */
  aliasTo(distribution: CloudfrontDistribution): void {
    for (const type of ["A", "AAAA"]) {
      new Route53Record(this, `alias-${type.toLowerCase()}`, {
        zoneId: this.zoneId,
        name: this.domainName,
        type,
        alias: {
          name: distribution.domainName,
          zoneId: distribution.hostedZoneId,
          evaluateTargetHealth: false,
        },
      });
    }
  }
}
