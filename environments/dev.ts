// Development: bearer-JWT, CloudFront's own domain, first in the deploy chain.
import type { EnvironmentInput } from "./schema";

const dev: EnvironmentInput = {
  name: "dev",
  homeRegion: "eu-west-1",
  protection: {
    mode: "bearer-jwt",
    tokenQueryParameter: "access_token",
    paths: {
      // The landing page (served for "/") and the browser helper that adds
      // the token to its links and images (a service worker's script is
      // fetched without one, and must sit at the root to cover the site).
      public: ["/index.html", "/bearer-token-worker.js", "/public/", "/favicon.ico"],
      groups: [{ group: "staff", prefix: "/shared/" }],
      users: ["/users/{sub}/"],
    },
  },
  bucket: {
    namePrefix: "edge-gate-dev-content-",
    corsAllowedOrigins: ["http://localhost:5173"],
  },
  cognito: {
    domainPrefix: "edge-gate-dev",
    selfSignUp: true,
    mfa: "optional",
    deletionProtection: false,
    appClients: [
      {
        name: "web",
        callbackUrls: ["https://dev.app.example.com/callback"],
        logoutUrls: ["https://dev.app.example.com/"],
      },
    ],
  },
  tags: { project: "edge-gate", environment: "dev" },
  // The default fields leave out the query string and Referer, where the
  // access_token parameter would show (the schema refuses them here).
  logging: { cloudfront: { destination: "s3", expireAfterDays: 14 } },
  backend: {
    type: "s3",
    bucket: "edge-gate-terraform-state-111122223333",
    key: "edge-gate/dev.tfstate",
    region: "eu-west-1",
  },
  deployment: {
    planRoleArn: "arn:aws:iam::111122223333:role/edge-gate-dev-plan",
    deployRoleArn: "arn:aws:iam::111122223333:role/edge-gate-dev-deploy",
  },
};

export default dev;
