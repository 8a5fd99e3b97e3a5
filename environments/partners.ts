// Partners: signed-cookie mode (CloudFront checks CloudFront signed cookies
// itself; a cookie issuer hands them out after a hosted-UI login),
// CloudFront's own domain, local state. Only the public half of the signing
// key is here; the private half lives in Secrets Manager.
import type { EnvironmentInput } from "./schema";

const partners: EnvironmentInput = {
  name: "partners",
  homeRegion: "us-west-2",
  protection: {
    mode: "signed-cookie",
    keys: [
      {
        id: "k20261123",
        publicKey: "keys/partners/k20261123.pem",
        secret: "edge-gate/partners/cloudfront-key/k20261123",
        active: true,
      },
    ],
    paths: {
      // "/" is left out on purpose: as a folder it would make every path public.
      public: ["/index.html", "/favicon.ico", "/assets/"],
      groups: [{ group: "partners", prefix: "/partners/" }],
      users: ["/users/{sub}/"],
    },
  },
  bucket: {
    namePrefix: "edge-gate-partners-content-",
  },
  cognito: {
    domainPrefix: "edge-gate-partners",
    selfSignUp: false,
    mfa: "optional",
    appClients: [
      {
        name: "portal",
        callbackUrls: ["https://portal.partners.example.com/callback"],
        logoutUrls: ["https://portal.partners.example.com/"],
      },
    ],
  },
  tags: { project: "edge-gate", environment: "partners" },
  backend: {
    type: "s3",
    bucket: "edge-gate-terraform-state-444455556666",
    key: "edge-gate/partners.tfstate",
    region: "us-west-2",
  },
  deployment: {
    planRoleArn: "arn:aws:iam::444455556666:role/edge-gate-partners-plan",
    deployRoleArn: "arn:aws:iam::444455556666:role/edge-gate-partners-deploy",
  },
};

export default partners;
