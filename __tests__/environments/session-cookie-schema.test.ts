// Session-cookie environment files: defaults, and each mistake in the mode's
// settings fails with the file, the field and what is allowed.
import { validateEnvironment, type Problem } from "../../environments/schema/load";
import { type AnyConfig, expectProblem, problemsOfVariant } from "../support/environment-problems";
import { shippedEnvironment } from "../support/synth";

describe("session-cookie environments", () => {
  /** The problems of `staging` changed by `change`, validated as environments/broken.ts. */
  function sessionProblemsOf(change: (env: AnyConfig) => void): Problem[] {
    return problemsOfVariant("staging", change);
  }

  it("ships a valid session-cookie environment with the documented defaults filled in", () => {
    const staging = shippedEnvironment("staging");
    expect(staging.protection).toEqual({
      mode: "session-cookie",
      sessionLifetimeHours: 8,
      idleTimeoutMinutes: 60,
      cookieName: "__Host-edge-gate-session",
      lookupCacheSeconds: 300,
      paths: {
        public: ["/index.html", "/favicon.ico", "/public/"],
        groups: [{ group: "staff", prefix: "/staff/" }],
        users: ["/users/{sub}/"],
      },
      replicaRegions: ["us-east-1"],
      afterLogoutPath: "/",
      identityHeader: "x-gate-sub",
    });
  });

  it("fills every default when only the mode and the (empty) path rules are given", () => {
    const { problems, environment } = validateEnvironment(
      {
        ...JSON.parse(JSON.stringify(shippedEnvironment("staging"))),
        protection: { mode: "session-cookie", paths: {} },
      },
      "environments/staging.ts",
    );
    expect(problems).toEqual([]);
    expect(environment?.protection).toMatchObject({
      idleTimeoutMinutes: null,
      paths: { public: [], groups: [], users: [] },
      replicaRegions: [],
    });
  });

  it("requires the path rules, as every mode does: a session reads only what they give", () => {
    expect(sessionProblemsOf((e) => delete e.protection.paths)).toEqual([
      { file: "environments/broken.ts", field: "protection.paths", message: "required (object)" },
    ]);
  });

  it("refuses publicPaths, naming the field that replaced it", () => {
    expect(
      sessionProblemsOf((e) => {
        e.protection.publicPaths = e.protection.paths.public;
        delete e.protection.paths;
      }),
    ).toEqual([
      { file: "environments/broken.ts", field: "protection.paths", message: "required (object)" },
      {
        file: "environments/broken.ts",
        field: "protection.publicPaths",
        message:
          "was replaced by protection.paths.public (docs/upgrade.md); a session now reads only what paths.groups and paths.users give its user",
      },
    ]);
  });

  it("lists session-cookie among the allowed modes", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.mode = "session-cookies")),
      "protection.mode",
      /allowed: \["bearer-jwt","session-cookie","signed-cookie"\]/,
    );
  });

  it("refuses bearer-JWT settings in session-cookie mode, naming the allowed fields", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.tokenQueryParameter = "access_token")),
      "protection",
      /unknown field "tokenQueryParameter"; allowed: .*paths/,
    );
  });

  it.each([
    ["sessionLifetimeHours", 0, /a whole number of hours from 1 to 720/],
    ["sessionLifetimeHours", 721, /a whole number of hours from 1 to 720/],
    ["sessionLifetimeHours", 1.5, /a whole number of hours from 1 to 720/],
    ["idleTimeoutMinutes", 4, /a whole number of minutes from 5 to 1440/],
    ["idleTimeoutMinutes", 1441, /a whole number of minutes from 5 to 1440/],
    ["lookupCacheSeconds", -1, /a whole number of seconds from 0 to 3600/],
    ["lookupCacheSeconds", 3601, /a whole number of seconds from 0 to 3600/],
    ["lookupCacheSeconds", 2.5, /a whole number of seconds from 0 to 3600/],
    ["cookieName", "my session", /a cookie name of 1-64 letters, digits or/],
    ["cookieName", "a;b", /a cookie name of 1-64 letters, digits or/],
    ["cookieName", "", /a cookie name of 1-64/],
    ["cookieName", "x".repeat(65), /a cookie name of 1-64/],
    ["afterLogoutPath", "https://evil.example/", /starting with a single '\/'/],
    ["afterLogoutPath", "//evil.example/", /starting with a single '\/'/],
    ["afterLogoutPath", "/bye?x=1", /without .*'\?'/],
    ["afterLogoutPath", "/a/../b", /no '\.' or '\.\.' segments/],
    ["identityHeader", "x-amz-user", /CloudFront reserves them/],
    ["identityHeader", "X-User", /lowercase header name starting with 'x-'/],
  ])("rejects %s = %j, saying what is allowed", (field, value, allowed) => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection[field] = value)),
      `protection.${field}`,
      allowed,
    );
  });

  it("accepts __Host- and __Secure- cookie names and plain tokens", () => {
    for (const name of ["__Host-s", "__Secure-s", "session_id", "s!#$%&'*+-.^_`|~"]) {
      expect(sessionProblemsOf((e) => (e.protection.cookieName = name))).toEqual([]);
    }
  });

  it("rejects public paths that are not static prefixes", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.paths.public = ["/u/{sub}/"])),
      "protection.paths.public.0",
      /no '\{' or '\}'/,
    );
    expectProblem(
      sessionProblemsOf((e) => (e.protection.paths.public = ["public/"])),
      "protection.paths.public.0",
      /a path starting with '\/'/,
    );
  });

  it("rejects '/' as a public path: as a folder it would make everything public", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.paths.public = ["/", "/index.html"])),
      "protection.paths.public.0",
      /'\/' would make every path public; list \/index\.html/,
    );
  });

  it("rejects user rules without {sub} and bad group names, as in every mode", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.paths.users = ["/users/"])),
      "protection.paths.users.0",
      /'\{sub\}'/,
    );
    expectProblem(
      sessionProblemsOf((e) => (e.protection.paths.groups = [{ group: "a b", prefix: "/ab/" }])),
      "protection.paths.groups.0.group",
      /a Cognito group name/,
    );
  });

  it("rejects an idle timeout as long as the session lifetime or longer", () => {
    expectProblem(
      sessionProblemsOf((e) => {
        e.protection.sessionLifetimeHours = 1;
        e.protection.idleTimeoutMinutes = 60;
      }),
      "protection.idleTimeoutMinutes",
      /must be shorter than the session lifetime \(1 h = 60 min\), or null/,
    );
    expect(
      sessionProblemsOf((e) => {
        e.protection.sessionLifetimeHours = 2;
        e.protection.idleTimeoutMinutes = 119;
      }),
    ).toEqual([]);
  });

  it("rejects an unknown replica region", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.replicaRegions = ["us-east-1", "moon-1"])),
      "protection.replicaRegions.1",
      /an AWS commercial region code/,
    );
  });

  it("rejects a replica region listed twice", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.replicaRegions = ["us-east-1", "us-east-1"])),
      "protection.replicaRegions.1",
      /listed twice; each replica region once/,
    );
  });

  it("rejects the home region as a replica region", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.replicaRegions = ["us-east-1", "eu-central-1"])),
      "protection.replicaRegions.1",
      /"eu-central-1" is the home region, which holds the table itself/,
    );
  });

  it("still rejects template sequences in session-cookie fields", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.cookieName = "a${b")),
      "protection.cookieName",
      /a cookie name/,
    );
  });
});
