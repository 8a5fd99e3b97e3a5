// The landing page setting (cloudfront.defaultRootObject): its default, the
// object keys it accepts, and the shipped environments' landing pages being
// public under their own path rules.
import { loadEnvironments } from "../../environments/schema/load";
import { decide } from "../../functions/shared/path-rules";
import { renderPathRules } from "../../stacks/protection/path-rules";
import { type AnyConfig, BROKEN_FILE, problemsOfVariant } from "../support/environment-problems";
import { shippedEnvironment } from "../support/synth";

const FIELD = "cloudfront.defaultRootObject";
const ALLOWED =
  "an object key such as index.html or site/index.html: '/'-separated segments of letters, digits, '.', '_', '~' or '-', no leading or trailing '/', no '.' or '..' segments, at most 255 characters";

const problemsOf = (change: (e: AnyConfig) => void) =>
  problemsOfVariant("dev", change).filter((p) => p.field.startsWith("cloudfront"));

describe("cloudfront.defaultRootObject", () => {
  it("defaults to index.html in every shipped environment", () => {
    for (const env of loadEnvironments()) {
      expect({ env: env.name, root: env.cloudfront.defaultRootObject }).toEqual({
        env: env.name,
        root: "index.html",
      });
    }
  });

  it.each([["home.html"], ["site/index.html"], ["a_b-c~d.v2.html"], ["x".repeat(255)], [null]])(
    "accepts %j",
    (value) => {
      expect(problemsOf((e) => (e.cloudfront = { defaultRootObject: value }))).toEqual([]);
    },
  );

  it.each([
    // CloudFront refuses a leading '/'; the rest could not be the one path the rules check.
    ["/index.html"],
    ["site/"],
    ["a//b.html"],
    ["../index.html"],
    ["site/./index.html"],
    ["site/../index.html"],
    ["index.html?x=1"],
    ["index.html#top"],
    ["my page.html"],
    ["%2e%2e/index.html"],
    ["a\\b.html"],
    [""],
    ["x".repeat(256)],
  ])("refuses %j, naming the field and what is allowed", (value) => {
    expect(problemsOf((e) => (e.cloudfront = { defaultRootObject: value }))).toEqual([
      { file: BROKEN_FILE, field: FIELD, message: ALLOWED },
    ]);
  });
});

describe("the shipped landing pages", () => {
  it.each(["dev", "prod", "staging", "partners"])(
    "%s: the root object is a public path, readable without signing in",
    (name) => {
      const env = shippedEnvironment(name);
      const rules = renderPathRules(env.protection.paths);
      expect(decide(`/${env.cloudfront.defaultRootObject}`, null, rules)).toBe("public");
    },
  );
});
