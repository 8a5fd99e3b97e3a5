// Production: bearer-JWT on a custom domain, pinned to one account, S3 state.
import type { EnvironmentInput } from "./schema";

const prod: EnvironmentInput = {
  name: "prod",
  homeRegion: "eu-central-1",
  allowedAccountIds: ["123456789012"],
  protection: {
    mode: "bearer-jwt",
    loginUrl: "https://app.example.com/login",
    allowedClients: ["web"],
    paths: {
      public: ["/index.html", "/assets/"],
      groups: [
        { group: "admins", prefix: "/" },
        { group: "finance", prefix: "/reports/finance/" },
      ],
      users: ["/users/{sub}/", "/uploads/{sub}/"],
    },
  },
  bucket: {
    name: "edge-gate-prod-content-123456789012",
    corsAllowedOrigins: ["https://app.example.com"],
  },
  customDomain: {
    domainName: "files.example.com",
    route53ZoneId: "Z0123456789EXAMPLE01",
  },
  cognito: {
    domainPrefix: "edge-gate-prod-login",
    selfSignUp: false,
    mfa: "on",
    // Compromised-credential checks and adaptive authentication (Plus feature plan).
    threatProtection: "enforced",
    appClients: [
      {
        name: "web",
        callbackUrls: ["https://app.example.com/callback"],
        logoutUrls: ["https://app.example.com/"],
        accessTokenValidityMinutes: 15,
      },
    ],
  },
  cloudfront: { priceClass: "PriceClass_All" },
  // Rate limit per client IP and AWS managed rules in front of every request.
  webAcl: { rateLimitPer5Minutes: 2000 },
  // Access logs to a private bucket for 90 days: no cookies (the schema refuses them).
  logging: { cloudfront: { destination: "s3" } },
  tags: { project: "edge-gate", environment: "prod", "cost-center": "platform" },
  backend: {
    type: "s3",
    bucket: "edge-gate-terraform-state-123456789012",
    key: "edge-gate/prod.tfstate",
    region: "eu-central-1",
  },
  deployment: {
    planRoleArn: "arn:aws:iam::123456789012:role/edge-gate-prod-plan",
    deployRoleArn: "arn:aws:iam::123456789012:role/edge-gate-prod-deploy",
  },
};

export default prod;
