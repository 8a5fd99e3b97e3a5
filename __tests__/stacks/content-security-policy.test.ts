// What the stack adds to the environment's Content-Security-Policy so its
// own pages keep working: in bearer-jwt mode the site's pages fetch tokens
// from the hosted UI's /oauth2/token, so connect-src names its origin; a
// policy that does not restrict connections is left as it is.
import { DEFAULT_CONTENT_SECURITY_POLICY } from "../../environments/schema";
import { siteContentSecurityPolicy, withSources } from "../../stacks/content-security-policy";
import { shippedEnvironment, variantOf } from "../support/synth";

const DEV_HOSTED_UI = "https://edge-gate-dev.auth.eu-west-1.amazoncognito.com";

const directive = (policy: string, name: string) =>
  policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.split(/\s+/)[0] === name);

describe("bearer-jwt: the hosted UI's token endpoint", () => {
  it("is added to connect-src, copied from default-src where the policy has none", () => {
    const policy = siteContentSecurityPolicy(shippedEnvironment("dev"));
    expect(directive(policy, "connect-src")).toBe(`connect-src 'self' ${DEV_HOSTED_UI}`);
    // Nothing else of the default policy changes.
    expect(policy).toBe(`${DEFAULT_CONTENT_SECURITY_POLICY}; connect-src 'self' ${DEV_HOSTED_UI}`);
  });

  it("is added to the environment's own connect-src", () => {
    const env = variantOf("dev", (e) => {
      e.cloudfront = {
        contentSecurityPolicy: "default-src 'self'; connect-src 'self' https://api.example.com",
      };
    });
    expect(siteContentSecurityPolicy(env)).toBe(
      `default-src 'self'; connect-src 'self' https://api.example.com ${DEV_HOSTED_UI}`,
    );
  });

  it("leaves a policy alone that restricts neither connect-src nor default-src", () => {
    const policy = "frame-ancestors 'none'; object-src 'none'";
    const env = variantOf("dev", (e) => {
      e.cloudfront = { contentSecurityPolicy: policy };
    });
    expect(siteContentSecurityPolicy(env)).toBe(policy);
  });

  it("is not added in the cookie modes, whose pages never call the hosted UI", () => {
    for (const name of ["staging", "partners"]) {
      expect(directive(siteContentSecurityPolicy(shippedEnvironment(name)), "connect-src")).toBe(
        undefined,
      );
    }
  });
});

describe("withSources with the default-src fallback", () => {
  it("adds nothing where neither the directive nor default-src restricts anything", () => {
    // Adding "script-src <hash>" here would block every other script.
    expect(withSources("img-src 'self'", "script-src", ["'sha256-x'"], "default-src")).toBe(
      "img-src 'self'",
    );
  });

  it("keeps default-src's sources when it creates the directive", () => {
    expect(
      withSources("default-src 'self' https://a", "connect-src", ["https://b"], "default-src"),
    ).toBe("default-src 'self' https://a; connect-src 'self' https://a https://b");
  });
});
