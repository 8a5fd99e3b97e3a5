// Abuse limits and sign-in hardening in environment files: the web ACL, the
// identity API's throttling, Cognito threat protection and loopback callback
// URLs, with their defaults and each mistake's exact message.
import partners from "../../environments/partners";
import staging from "../../environments/staging";
import { validateEnvironment, type Problem } from "../../environments/schema/load";
import { type AnyConfig, problemsOfVariant } from "../support/environment-problems";
import { shippedEnvironment } from "../support/synth";

const BROKEN = "environments/broken.ts";
const problemsOf = (name: string, change: (env: AnyConfig) => void): Problem[] =>
  problemsOfVariant(name, change);
const only = (field: string, message: string) => [{ file: BROKEN, field, message }];

describe("webAcl", () => {
  it("is off unless the environment asks for it", () => {
    expect(shippedEnvironment("dev").webAcl).toBeUndefined();
    expect(shippedEnvironment("staging").webAcl).toBeUndefined();
  });

  it("is on in prod, every managed rule group on and the rate limit documented", () => {
    expect(shippedEnvironment("prod").webAcl).toEqual({
      rateLimitPer5Minutes: 2000,
      commonRuleSet: true,
      commonRuleSetCountOnly: [],
      knownBadInputs: true,
      ipReputation: true,
    });
  });

  it("fills every default from an empty object", () => {
    const { problems, environment } = validateEnvironment(
      { ...JSON.parse(JSON.stringify(shippedEnvironment("dev"))), webAcl: {} },
      "environments/dev.ts",
    );
    expect(problems).toEqual([]);
    expect(environment?.webAcl).toEqual({
      rateLimitPer5Minutes: 2000,
      commonRuleSet: true,
      commonRuleSetCountOnly: [],
      knownBadInputs: true,
      ipReputation: true,
    });
  });

  it.each([[99], [2_000_000_001], [150.5]])("refuses a rate limit of %p", (limit) => {
    expect(problemsOf("dev", (e) => (e.webAcl = { rateLimitPer5Minutes: limit }))).toEqual(
      only(
        "webAcl.rateLimitPer5Minutes",
        "a whole number of requests per client IP in 5 minutes from 100 to 2000000000",
      ),
    );
  });

  it("refuses a rule the common rule set does not have, naming the ones it has", () => {
    const [problem] = problemsOf(
      "dev",
      (e) => (e.webAcl = { commonRuleSetCountOnly: ["SizeRestrictions_QUERY"] }),
    );
    expect(problem.field).toBe("webAcl.commonRuleSetCountOnly.0");
    expect(problem.message).toMatch(
      /^a rule of AWSManagedRulesCommonRuleSet; got "SizeRestrictions_QUERY" \(allowed: NoUserAgent_HEADER, .*SizeRestrictions_QUERYSTRING/,
    );
  });

  it("refuses count-only rules when the common rule set is off", () => {
    expect(
      problemsOf(
        "dev",
        (e) =>
          (e.webAcl = {
            commonRuleSet: false,
            commonRuleSetCountOnly: ["SizeRestrictions_QUERYSTRING"],
          }),
      ),
    ).toEqual(
      only(
        "webAcl.commonRuleSetCountOnly",
        "only with commonRuleSet: true (these are rules of that group)",
      ),
    );
  });

  it("refuses a count-only rule listed twice", () => {
    expect(
      problemsOf(
        "dev",
        (e) =>
          (e.webAcl = {
            commonRuleSetCountOnly: ["NoUserAgent_HEADER", "NoUserAgent_HEADER"],
          }),
      ),
    ).toEqual(only("webAcl.commonRuleSetCountOnly", "each rule at most once"));
  });

  it("refuses an unknown field, naming the allowed ones", () => {
    expect(problemsOf("dev", (e) => (e.webAcl = { rateLimit: 100 }))).toEqual(
      only(
        "webAcl",
        'unknown field "rateLimit"; allowed: rateLimitPer5Minutes, commonRuleSet, commonRuleSetCountOnly, knownBadInputs, ipReputation',
      ),
    );
  });
});

describe("identityApiThrottling", () => {
  it("is accepted in the modes with an identity API, with defaults filled in", () => {
    for (const [name, input] of [
      ["staging", staging],
      ["partners", partners],
    ] as const) {
      const { problems, environment } = validateEnvironment(
        { ...input, identityApiThrottling: {} },
        `environments/${name}.ts`,
      );
      expect(problems).toEqual([]);
      expect(environment?.identityApiThrottling).toEqual({ burstLimit: 100 });
    }
  });

  it("is refused in bearer-jwt mode, which has no identity API", () => {
    expect(problemsOf("dev", (e) => (e.identityApiThrottling = { burstLimit: 10 }))).toEqual(
      only(
        "identityApiThrottling",
        "bearer-jwt mode has no identity API (only session-cookie and signed-cookie do); remove this field",
      ),
    );
  });

  it("refuses limits out of range", () => {
    expect(problemsOf("staging", (e) => (e.identityApiThrottling = { burstLimit: 0 }))).toEqual(
      only("identityApiThrottling.burstLimit", "a whole number of requests from 1 to 5000"),
    );
  });

  it("refuses ratePerSecond, which nothing can enforce since the login functions left API Gateway, and says what limits the rate", () => {
    expect(
      problemsOf(
        "staging",
        (e) => (e.identityApiThrottling = { burstLimit: 10, ratePerSecond: 5 }),
      ),
    ).toEqual(
      only(
        "identityApiThrottling.ratePerSecond",
        "no longer applies: the login function has no API Gateway stage; every request passes the distribution, so limit the rate with webAcl.rateLimitPer5Minutes (burstLimit is the function's reserved concurrency); remove this field",
      ),
    );
  });
});

describe("cognito.threatProtection", () => {
  it("is off by default and enforced in prod", () => {
    expect(shippedEnvironment("dev").cognito.threatProtection).toBe("off");
    expect(shippedEnvironment("prod").cognito.threatProtection).toBe("enforced");
  });

  it.each(["off", "audit", "enforced"])("accepts %s", (value) => {
    expect(problemsOf("dev", (e) => (e.cognito.threatProtection = value))).toEqual([]);
  });

  it("refuses anything else, naming the allowed values", () => {
    const [problem] = problemsOf("dev", (e) => (e.cognito.threatProtection = "on"));
    expect(problem).toEqual({
      file: BROKEN,
      field: "cognito.threatProtection",
      message: expect.stringMatching(/"off".*"audit".*"enforced"/),
    });
  });
});

describe("loopback callback and logout URLs", () => {
  const LOOPBACK_MESSAGE = (url: string) =>
    `${JSON.stringify(url)} is a loopback address: allowed only with cognito.allowLocalhostCallbacks: true (local development, or a native app's loopback redirect)`;

  it("are off by default, and no shipped environment uses them", () => {
    for (const name of ["dev", "staging", "partners", "prod"]) {
      const { cognito } = shippedEnvironment(name);
      expect(cognito.allowLocalhostCallbacks).toBe(false);
      for (const client of cognito.appClients) {
        for (const url of [...client.callbackUrls, ...client.logoutUrls]) {
          expect(new URL(url).protocol).toBe("https:");
          expect(new URL(url).hostname).not.toMatch(/^(localhost|127\.|\[::1\])/);
        }
      }
    }
  });

  it.each([
    ["http://localhost:5173/callback"],
    ["http://127.0.0.1:8765/callback"],
    ["http://[::1]:8765/callback"],
    ["https://localhost/callback"],
  ])("refuses callback %s without the flag", (url) => {
    expect(problemsOf("dev", (e) => (e.cognito.appClients[0].callbackUrls = [url]))).toEqual(
      only("cognito.appClients.0.callbackUrls.0", LOOPBACK_MESSAGE(url)),
    );
  });

  it("refuses a loopback logout URL without the flag", () => {
    expect(
      problemsOf("dev", (e) => (e.cognito.appClients[0].logoutUrls = ["http://localhost:5173/"])),
    ).toEqual(
      only("cognito.appClients.0.logoutUrls.0", LOOPBACK_MESSAGE("http://localhost:5173/")),
    );
  });

  it("accepts them where the environment says so explicitly", () => {
    expect(
      problemsOf("dev", (e) => {
        e.cognito.allowLocalhostCallbacks = true;
        e.cognito.appClients[0].callbackUrls = ["http://localhost:5173/callback"];
        e.cognito.appClients[0].logoutUrls = ["http://localhost:5173/"];
      }),
    ).toEqual([]);
  });

  it("still refuses plain http on any other host, with the flag", () => {
    const [problem] = problemsOf("dev", (e) => {
      e.cognito.allowLocalhostCallbacks = true;
      e.cognito.appClients[0].callbackUrls = ["http://app.example.com/cb"];
    });
    expect(problem.field).toBe("cognito.appClients.0.callbackUrls.0");
    expect(problem.message).toMatch(/https:\/\/ URL/);
  });
});
