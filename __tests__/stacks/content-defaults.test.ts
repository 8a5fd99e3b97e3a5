// Smaller production defaults: old object versions expire, and every
// response carries a Content-Security-Policy that the stack's own pages
// (the signed-cookie refused page's inline script included) still satisfy.
import { createHash } from "node:crypto";
import { DEFAULT_CONTENT_SECURITY_POLICY } from "../../environments/schema";
import { refusedPage } from "../../functions/cookie-issuer/refused-page";
import { htmlPage, loginFailurePage } from "../../functions/shared/hosted-ui/login-failure-page";
import { AUTH_BASE_PATH } from "../../stacks/protection/signed-cookie";
import {
  type Block,
  removeTestingOutdirs,
  resourcesOf,
  shippedEnvironment,
  synthesize,
  type SynthesizedStack,
  variantOf,
} from "../support/synth";

afterAll(removeTestingOutdirs);

const EDGE = "aws.us_east_1";
const contentBucketLifecycle = (s: SynthesizedStack) => {
  const found = resourcesOf(s, "aws_s3_bucket_lifecycle_configuration").filter(
    (r) => r.provider !== EDGE,
  );
  expect(found).toHaveLength(1);
  return found[0];
};
const policies = (s: SynthesizedStack) => resourcesOf(s, "aws_cloudfront_response_headers_policy");
const cspOf = (policy: Block) =>
  (policy.security_headers_config as Block).content_security_policy as Block;

describe("content bucket lifecycle", () => {
  it("expires noncurrent versions after 30 days and abandoned multipart uploads after 7", () => {
    const lifecycle = contentBucketLifecycle(synthesize(shippedEnvironment("staging")));
    expect(lifecycle.bucket).toMatch(/^\$\{aws_s3_bucket\.[\w-]+\.id\}$/);
    expect(lifecycle.rule).toEqual([
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{}],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    // S3 needs versioning configured before a noncurrent-version rule.
    expect(lifecycle.depends_on).toEqual([
      expect.stringMatching(/^aws_s3_bucket_versioning\.[\w-]+$/),
    ]);
  });

  it("uses bucket.noncurrentVersionDays", () => {
    const lifecycle = contentBucketLifecycle(
      synthesize(
        variantOf("staging", (e) => {
          e.bucket.noncurrentVersionDays = 7;
        }),
      ),
    );
    expect((lifecycle.rule as Block[])[0].noncurrent_version_expiration).toEqual([
      { noncurrent_days: 7 },
    ]);
  });
});

describe("Content-Security-Policy", () => {
  it("sends the default policy on every response", () => {
    // bearer-jwt: the site's pages fetch tokens from the hosted UI (content-security-policy.test.ts).
    const dev = synthesize(shippedEnvironment("dev"));
    expect(policies(dev)).toHaveLength(1);
    expect(cspOf(policies(dev)[0])).toEqual({
      content_security_policy: `${DEFAULT_CONTENT_SECURITY_POLICY}; connect-src 'self' https://edge-gate-dev.auth.eu-west-1.amazoncognito.com`,
      override: true,
    });
  });

  it("lets a logout form end at the hosted UI, on content and on the identity endpoints", () => {
    // Logout posts to /_identity/logout, which redirects to the hosted UI's
    // /logout: browsers check form-action against the redirect too.
    const staging = synthesize(shippedEnvironment("staging"));
    expect(policies(staging)).toHaveLength(2);
    for (const policy of policies(staging))
      expect(cspOf(policy)).toEqual({
        content_security_policy: DEFAULT_CONTENT_SECURITY_POLICY.replace(
          "form-action 'self'",
          "form-action 'self' https://edge-gate-staging.auth.eu-central-1.amazoncognito.com",
        ),
        override: true,
      });
  });

  it("sends the environment's own policy", () => {
    const policy = "default-src 'self' https://cdn.example.com; frame-ancestors 'none'";
    const dev = synthesize(
      variantOf("dev", (e) => {
        e.cloudfront = { contentSecurityPolicy: policy };
      }),
    );
    expect(cspOf(policies(dev)[0]).content_security_policy).toBe(
      `${policy}; connect-src 'self' https://cdn.example.com https://edge-gate-dev.auth.eu-west-1.amazoncognito.com`,
    );
  });

  it("the shared pages need no inline script or style: 403 and login failure pages", () => {
    for (const page of [
      htmlPage(403, "Access denied", "text"),
      loginFailurePage("state_mismatch" as never, "/_identity/login", "/a"),
    ])
      expect(page.body).not.toMatch(/<script|<style|style=|\son\w+=/i);
  });

  it("allows exactly the signed-cookie refused page's inline script, by its hash", () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(
      refusedPage(`${AUTH_BASE_PATH}/login`).body,
    )![1];
    const hash = `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
    const partners = synthesize(shippedEnvironment("partners"));
    for (const policy of policies(partners)) {
      const csp = String(cspOf(policy).content_security_policy);
      expect(csp).toContain(`script-src 'self' ${hash};`);
      expect(csp).not.toContain("unsafe-inline");
    }
    // The other modes serve no inline script: no hash at all.
    const staging = synthesize(shippedEnvironment("staging"));
    for (const policy of policies(staging))
      expect(String(cspOf(policy).content_security_policy)).not.toContain("sha256-");
  });
});
