// Logging, bucket lifecycle and CSP settings of environment files: defaults,
// and every configuration that would log a credential refused with the field.
import {
  DEFAULT_CLOUDFRONT_LOG_FIELDS,
  credentialFieldProblems,
} from "../../environments/schema/logging";
import { DEFAULT_CONTENT_SECURITY_POLICY } from "../../environments/schema";
import { type AnyConfig, BROKEN_FILE, problemsOfVariant } from "../support/environment-problems";
import { shippedEnvironment } from "../support/synth";

const problem = (field: string, message: string) => ({ file: BROKEN_FILE, field, message });
/** The logging problems of a shipped environment changed by `change` (a parsed partners file does not round-trip its keys). */
const loggingProblemsOf = (name: string, change: (e: AnyConfig) => void) =>
  problemsOfVariant(name, change).filter((p) => p.field.startsWith("logging"));

describe("logging settings", () => {
  it("fills the documented defaults: 30 days, no CloudFront logs, identity API logs on", () => {
    expect(shippedEnvironment("staging").logging).toEqual({
      retentionDays: 30,
      cloudfront: null,
      identityApiAccessLogs: true,
    });
  });

  it("logs CloudFront requests in prod and dev, never cookies, and in dev no query string or Referer", () => {
    for (const name of ["prod", "dev"]) {
      const logs = shippedEnvironment(name).logging.cloudfront;
      expect(logs).toMatchObject({ destination: "s3" });
      expect(logs?.fields).not.toContain("cs(Cookie)");
    }
    const dev = shippedEnvironment("dev");
    expect(dev.protection).toMatchObject({ tokenQueryParameter: "access_token" });
    expect(dev.logging.cloudfront?.fields).not.toContain("cs-uri-query");
    expect(dev.logging.cloudfront?.fields).not.toContain("cs(Referer)");
  });

  it("chooses default fields that hold no credential in any mode", () => {
    expect(DEFAULT_CLOUDFRONT_LOG_FIELDS).not.toEqual(expect.arrayContaining(["cs(Cookie)"]));
    for (const protection of [
      { mode: "bearer-jwt", tokenQueryParameter: "access_token" },
      { mode: "session-cookie" },
      { mode: "signed-cookie" },
    ]) {
      expect(credentialFieldProblems(DEFAULT_CLOUDFRONT_LOG_FIELDS, protection)).toEqual([]);
    }
  });

  it("refuses the query string while a token query parameter is set", () => {
    const problems = problemsOfVariant("dev", (e) => {
      e.logging = { cloudfront: { destination: "s3", fields: ["date", "cs-uri-query"] } };
    });
    expect(problems).toEqual([
      problem(
        "logging.cloudfront.fields.1",
        'the log field "cs-uri-query" would record the access token (protection.tokenQueryParameter "access_token"), which travels in the query string; leave it out',
      ),
    ]);
  });

  it("refuses the Referer while a token query parameter is set", () => {
    const problems = problemsOfVariant("dev", (e) => {
      e.logging = { cloudfront: { destination: "cloudwatch", fields: ["cs(Referer)"] } };
    });
    expect(problems).toEqual([
      problem(
        "logging.cloudfront.fields.0",
        'the log field "cs(Referer)" would record the access token (protection.tokenQueryParameter "access_token"): a page\'s full URL is its Referer on this site; leave it out',
      ),
    ]);
  });

  it("refuses cookies in every mode", () => {
    for (const name of ["prod", "staging", "partners"]) {
      const problems = loggingProblemsOf(name, (e) => {
        e.logging = { cloudfront: { destination: "s3", fields: ["date", "time", "cs(Cookie)"] } };
      });
      expect(problems).toEqual([
        problem(
          "logging.cloudfront.fields.2",
          'the log field "cs(Cookie)" would record every cookie, session and signed cookies included; leave it out',
        ),
      ]);
    }
  });

  it("refuses the query string where a login callback carries an authorization code", () => {
    for (const name of ["staging", "partners"]) {
      const problems = loggingProblemsOf(name, (e) => {
        e.logging = { cloudfront: { destination: "s3", fields: ["cs-uri-query"] } };
      });
      expect(problems).toEqual([
        problem(
          "logging.cloudfront.fields.0",
          'the log field "cs-uri-query" would record the authorization code of every login callback, which travels in the query string; leave it out',
        ),
      ]);
    }
  });

  it("lets a bearer-jwt environment without a token query parameter log the query string", () => {
    expect(
      problemsOfVariant("prod", (e) => {
        e.logging = {
          cloudfront: { destination: "s3", fields: ["date", "cs-uri-query", "cs(Referer)"] },
        };
      }),
    ).toEqual([]);
  });

  it("refuses unknown fields, retention periods CloudWatch does not offer and bad expiries", () => {
    const problems = problemsOfVariant("prod", (e) => {
      e.logging = {
        retentionDays: 45,
        cloudfront: { destination: "s3", fields: ["cs(Authorization)"], expireAfterDays: 0 },
      };
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        problem(
          "logging.retentionDays",
          "one of CloudWatch Logs' retention periods in days: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        ),
        problem(
          "logging.cloudfront.fields.0",
          expect.stringMatching(
            /^a CloudFront log field; got "cs\(Authorization\)" \(allowed: date, time,/,
          ),
        ),
        problem("logging.cloudfront.expireAfterDays", "a whole number of days from 1 to 3653"),
      ]),
    );
  });

  it("refuses an unknown destination", () => {
    expect(
      problemsOfVariant("prod", (e) => {
        e.logging = { cloudfront: { destination: "firehose" } };
      }),
    ).toEqual([
      problem(
        "logging.cloudfront.destination",
        'unknown log destination; allowed: ["s3","cloudwatch"]',
      ),
    ]);
  });
});

describe("content bucket lifecycle", () => {
  it("expires noncurrent versions after 30 days by default", () => {
    expect(shippedEnvironment("staging").bucket.noncurrentVersionDays).toBe(30);
  });

  it("refuses a number of days outside 1 to 3653", () => {
    expect(
      problemsOfVariant("staging", (e) => {
        e.bucket.noncurrentVersionDays = 0;
      }),
    ).toEqual([problem("bucket.noncurrentVersionDays", "a whole number of days from 1 to 3653")]);
  });
});

describe("Content-Security-Policy", () => {
  it("defaults to a policy for a static site: same-origin everything, no plugins, no framing", () => {
    expect(shippedEnvironment("staging").cloudfront.contentSecurityPolicy).toBe(
      DEFAULT_CONTENT_SECURITY_POLICY,
    );
    expect(DEFAULT_CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
    );
  });

  it("refuses a policy CloudFront would not send: empty, over 1783 characters or with a line break", () => {
    for (const policy of [
      "",
      `default-src ${"x".repeat(1800)}`,
      "default-src 'self';\nimg-src *",
    ]) {
      expect(
        problemsOfVariant("staging", (e) => {
          e.cloudfront = { contentSecurityPolicy: policy };
        }),
      ).toEqual([
        problem(
          "cloudfront.contentSecurityPolicy",
          "a Content-Security-Policy header value of 1 to 1783 printable characters on one line",
        ),
      ]);
    }
  });
});
