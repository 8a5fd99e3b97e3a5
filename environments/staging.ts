// Staging: session-cookie mode (hosted-UI login, opaque session cookie checked
// at the edge against the path rules), CloudFront's own domain, session table
// replicated to us-east-1.
import type { EnvironmentInput } from "./schema";

const staging: EnvironmentInput = {
  name: "staging",
  homeRegion: "eu-central-1",
  protection: {
    mode: "session-cookie",
    idleTimeoutMinutes: 60,
    paths: {
      // "/" is left out on purpose: a prefix ending in "/" is a folder, so "/"
      // would make every path public. The landing page is /index.html.
      public: ["/index.html", "/favicon.ico", "/public/"],
      // Members of "staff" (a Cognito group the stack creates) read /staff/;
      // group changes reach a session at its user's next login.
      groups: [{ group: "staff", prefix: "/staff/" }],
      users: ["/users/{sub}/"],
    },
    replicaRegions: ["us-east-1"],
  },
  bucket: {
    namePrefix: "edge-gate-staging-content-",
  },
  cognito: {
    domainPrefix: "edge-gate-staging",
    selfSignUp: false,
    mfa: "optional",
    deletionProtection: false,
    appClients: [
      {
        name: "web",
        callbackUrls: ["https://staging.app.example.com/callback"],
        logoutUrls: ["https://staging.app.example.com/"],
      },
    ],
  },
  tags: { project: "edge-gate", environment: "staging" },
  backend: {
    type: "s3",
    bucket: "edge-gate-terraform-state-111122223333",
    key: "edge-gate/staging.tfstate",
    region: "eu-west-1",
  },
  deployment: {
    planRoleArn: "arn:aws:iam::111122223333:role/edge-gate-staging-plan",
    deployRoleArn: "arn:aws:iam::111122223333:role/edge-gate-staging-deploy",
  },
};

export default staging;
