// protection.paths, one vocabulary in every mode: the same fields, the same
// checks, and rules that contradict each other refused at synth with the
// file, the field and the other rule named.
import dev from "../../environments/dev";
import partners from "../../environments/partners";
import staging from "../../environments/staging";
import { validateEnvironment } from "../../environments/schema/load";
import { covers, overlaps } from "../../environments/schema/path-rules";
import { type AnyConfig, BROKEN_FILE } from "../support/environment-problems";

/** A shipped environment of each mode: dev (bearer-jwt), staging (session-cookie), partners (signed-cookie). */
const MODES = [
  ["bearer-jwt", "dev"],
  ["session-cookie", "staging"],
  ["signed-cookie", "partners"],
] as const;

const FILES = { dev, staging, partners };

/** The problems of environment file `env` with `paths` as its rules, as environments/broken.ts. */
function problemsWithPaths(env: keyof typeof FILES, paths: AnyConfig) {
  const raw = structuredClone(FILES[env]) as AnyConfig;
  raw.name = "broken";
  raw.protection.paths = paths;
  return validateEnvironment(raw, BROKEN_FILE).problems;
}

const problem = (field: string, message: string) => ({ file: BROKEN_FILE, field, message });

describe.each(MODES)("protection.paths in %s mode (%s)", (_, env) => {
  it("accepts public, group and user rules that do not meet", () => {
    expect(
      problemsWithPaths(env, {
        public: ["/index.html", "/assets/", "/users"],
        groups: [
          { group: "staff", prefix: "/staff/" },
          { group: "finance", prefix: "/staff/finance/" },
        ],
        users: ["/users/{sub}/", "/inbox/{sub}/drafts/"],
      }),
    ).toEqual([]);
  });

  it("accepts public paths inside a group folder of '/' (members read the whole site)", () => {
    expect(
      problemsWithPaths(env, {
        public: ["/index.html", "/assets/"],
        groups: [{ group: "admins", prefix: "/" }],
        users: ["/users/{sub}/"],
      }),
    ).toEqual([]);
  });

  it("refuses '/' as a public path", () => {
    expect(problemsWithPaths(env, { public: ["/"] })).toEqual([
      problem(
        "protection.paths.public.0",
        "not '/' (a prefix ending in '/' is a folder: '/' would make every path public; list /index.html for the landing page)",
      ),
    ]);
  });

  it("refuses a public prefix that covers the user folders", () => {
    expect(problemsWithPaths(env, { public: ["/users/"], users: ["/users/{sub}/"] })).toEqual([
      problem(
        "protection.paths.public.0",
        `"/users/" covers the user folders of protection.paths.users.0 ("/users/{sub}/"): public paths are decided first, so every user's folder there would be public`,
      ),
    ]);
  });

  it("refuses a public path inside a user folder, {sub} matching any one segment", () => {
    expect(
      problemsWithPaths(env, {
        public: ["/index.html", "/users/alice/cv.pdf"],
        users: ["/inbox/{sub}/", "/users/{sub}/"],
      }),
    ).toEqual([
      problem(
        "protection.paths.public.1",
        `"/users/alice/cv.pdf" overlaps a user folder of protection.paths.users.1 ("/users/{sub}/"): public paths are decided first, so part of a user's own folder would be public`,
      ),
    ]);
  });

  it("refuses a public folder that one filling of {sub} turns into a user folder", () => {
    expect(problemsWithPaths(env, { public: ["/team/"], users: ["/{sub}/files/"] })).toEqual([
      problem(
        "protection.paths.public.0",
        `"/team/" overlaps a user folder of protection.paths.users.0 ("/{sub}/files/"): public paths are decided first, so part of a user's own folder would be public`,
      ),
    ]);
  });

  it("refuses a public prefix that covers a group folder, or is the same", () => {
    expect(
      problemsWithPaths(env, {
        public: ["/staff/", "/finance/"],
        groups: [
          { group: "staff", prefix: "/staff/docs/" },
          { group: "finance", prefix: "/finance/" },
        ],
      }),
    ).toEqual([
      problem(
        "protection.paths.public.0",
        `"/staff/" covers the folder of group "staff" (protection.paths.groups.0, "/staff/docs/"): public paths are decided first, so it would be public`,
      ),
      problem(
        "protection.paths.public.1",
        `"/finance/" covers the folder of group "finance" (protection.paths.groups.1, "/finance/"): public paths are decided first, so it would be public`,
      ),
    ]);
  });

  it("refuses a public path inside a group folder", () => {
    expect(
      problemsWithPaths(env, {
        public: ["/staff/handbook.pdf"],
        groups: [{ group: "staff", prefix: "/staff/" }],
      }),
    ).toEqual([
      problem(
        "protection.paths.public.0",
        `"/staff/handbook.pdf" lies in the folder of group "staff" (protection.paths.groups.0, "/staff/"): public paths are decided first, so that part of it would be public; keep public paths outside group folders`,
      ),
    ]);
  });

  it("refuses one folder given to two groups, and a group rule listed twice", () => {
    expect(
      problemsWithPaths(env, {
        groups: [
          { group: "staff", prefix: "/shared/" },
          { group: "finance", prefix: "/shared/" },
          { group: "staff", prefix: "/shared/" },
        ],
      }),
    ).toEqual([
      problem(
        "protection.paths.groups.1.prefix",
        `"/shared/" is already the folder of group "staff" (protection.paths.groups.0): a folder belongs to one group; to let several groups read it, make one group for it and add their members`,
      ),
      problem(
        "protection.paths.groups.2.prefix",
        `"/shared/" is listed twice for group "staff" (protection.paths.groups.0)`,
      ),
    ]);
  });

  it("refuses unknown fields in paths, naming the allowed ones", () => {
    expect(problemsWithPaths(env, { public: [], signedIn: ["/docs/"] })).toEqual([
      problem("protection.paths", 'unknown field "signedIn"; allowed: public, groups, users'),
    ]);
  });
});

describe("matching prefixes segment by segment", () => {
  it.each([
    ["/users/", "/users/{sub}/", true],
    ["/users/alice/", "/users/{sub}/", true],
    ["/users/alice/a.pdf", "/users/{sub}/", true],
    ["/users", "/users/{sub}/", false],
    ["/userspace/", "/users/{sub}/", false],
    ["/users/alice", "/users/{sub}/", false],
    ["/a/", "/{sub}/b/", true],
    ["/a/c/", "/{sub}/b/", false],
    ["/a/b", "/a/b", true],
    ["/a/b", "/a/b/", false],
    ["/", "/anything", true],
  ])("%s and %s overlap: %p", (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
    expect(overlaps(b, a)).toBe(expected);
  });

  it.each([
    ["/users/", "/users/{sub}/", true],
    ["/users/alice/", "/users/{sub}/", false],
    ["/staff/", "/staff/", true],
    ["/staff/", "/staff/docs/a.pdf", true],
    ["/staff/a.pdf", "/staff/", false],
    ["/staff", "/staff/", false],
  ])("%s covers %s: %p", (outer, inner, expected) => {
    expect(covers(outer, inner)).toBe(expected);
  });
});
