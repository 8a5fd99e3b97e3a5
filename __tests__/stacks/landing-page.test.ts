// The landing page at "/": the distribution's default root object, and "/"
// never more open than that object in any mode. CloudFront does not document
// whether behaviour matching and viewer-request functions see "/" or the
// root object's path, so every check here holds under both orders.
import type { Environment, EnvironmentInput } from "../../environments/schema";
import { decide, type Caller } from "../../functions/shared/path-rules";
import { renderPathRules } from "../../stacks/protection/path-rules";
import { partnersVariant } from "../support/signed-cookie-stack";
import {
  removeTestingOutdirs,
  resourceOf,
  shippedEnvironment,
  synthesize,
  variantOf,
  type Block,
  type SynthesizedStack,
} from "../support/synth";

afterAll(removeTestingOutdirs);

type Change = (input: EnvironmentInput) => void;

const SHIPPED = ["dev", "prod", "staging", "partners"];
const distribution = (s: SynthesizedStack) => resourceOf(s, "aws_cloudfront_distribution");

/** A CloudFront path pattern: '*' any characters, '?' one, the leading '/' optional. */
function patternMatches(pattern: string, path: string): boolean {
  const body = pattern
    .replace(/^\//, "")
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^/?${body}$`).test(path);
}

/** The behaviour CloudFront applies to `path`: the first ordered one that matches, else the default. */
function behaviourFor(s: SynthesizedStack, path: string): Block {
  const d = distribution(s);
  const ordered = (d.ordered_cache_behavior ?? []) as Block[];
  return (
    ordered.find((b) => patternMatches(b.path_pattern as string, path)) ??
    (d.default_cache_behavior as Block)
  );
}

type Access = "public" | "allow" | "deny";

/**
 * Who reads `path`: a behaviour with a trusted key group needs signed cookies
 * (the issuer signs the caller's readable prefixes, which the path rules
 * decide); one with a viewer-request function is what the path rules say;
 * one with neither is public.
 */
function access(
  s: SynthesizedStack,
  env: Environment,
  path: string,
  caller: Caller | null,
): Access {
  const b = behaviourFor(s, path);
  const checked = b.trusted_key_groups !== undefined || b.lambda_function_association !== undefined;
  if (!checked) return "public";
  const decision = decide(path, caller, renderPathRules(env.protection.paths));
  // Behind a key group nothing is public: even a public path needs cookies there.
  return b.trusted_key_groups !== undefined && decision === "public" ? "deny" : decision;
}

const opens = (a: Access) => a !== "deny";

const CALLERS: (Caller | null)[] = [
  null,
  { sub: "alice", groups: [] },
  { sub: "bob", groups: ["staff", "partners", "finance"] },
  { sub: "root", groups: ["admins"] },
];

/** "/" under both orders: as the viewer sent it, and as the root object's path. */
function rootAccess(s: SynthesizedStack, env: Environment, caller: Caller | null): Access[] {
  const object = `/${env.cloudfront.defaultRootObject}`;
  return [access(s, env, "/", caller), access(s, env, object, caller)];
}

describe("default root object", () => {
  it.each(SHIPPED)("%s: CloudFront serves index.html for /", (name) => {
    expect(distribution(synthesize(shippedEnvironment(name))).default_root_object).toBe(
      "index.html",
    );
  });

  it("renders the environment's own root object", () => {
    const env = variantOf("staging", (e) => {
      e.cloudfront = { defaultRootObject: "site/welcome.html" };
    });
    expect(distribution(synthesize(env)).default_root_object).toBe("site/welcome.html");
  });

  it("sets none when the environment turns it off", () => {
    const env = variantOf("dev", (e) => {
      e.cloudfront = { defaultRootObject: null };
    });
    expect(distribution(synthesize(env))).not.toHaveProperty("default_root_object");
  });
});

describe("who reads /", () => {
  it.each(SHIPPED)("%s: anyone, where CloudFront checks / as the public landing page", (name) => {
    const env = shippedEnvironment(name);
    const s = synthesize(env);
    expect(access(s, env, `/${env.cloudfront.defaultRootObject}`, null)).toBe("public");
  });

  it.each(SHIPPED)("%s: nobody who may not read the root object, in either order", (name) => {
    const env = shippedEnvironment(name);
    const s = synthesize(env);
    const object = `/${env.cloudfront.defaultRootObject}`;
    for (const caller of CALLERS) {
      for (const root of rootAccess(s, env, caller)) {
        if (opens(root))
          expect({ caller, object: access(s, env, object, caller) }).not.toEqual({
            caller,
            object: "deny",
          });
      }
    }
  });

  it.each([
    ["dev", "/public/"],
    ["staging", "/public/"],
    ["partners", "/assets/"],
  ])(
    "%s with a root object outside the public paths: / stays protected like the object",
    (name, publicFolder) => {
      // A parsed partners file does not round-trip its keys: start from its input.
      const variant =
        name === "partners" ? (_: string, c: Change) => partnersVariant(c) : variantOf;
      const env = variant(name, (e) => {
        e.cloudfront = { defaultRootObject: "private/home.html" };
      });
      const s = synthesize(env);
      expect(distribution(s).default_root_object).toBe("private/home.html");
      for (const root of rootAccess(s, env, null)) expect(root).toBe("deny");
      // The public paths themselves are unchanged.
      expect(access(s, env, `${publicFolder}a.css`, null)).toBe("public");
    },
  );

  it("partners: / reaches a behaviour with the key group unless it is the public landing page", () => {
    const env = shippedEnvironment("partners");
    const s = synthesize(env);
    expect(behaviourFor(s, "/").trusted_key_groups).toBeDefined();
    expect(behaviourFor(s, "/index.html").trusted_key_groups).toBeUndefined();
    expect(behaviourFor(s, "/index.html").path_pattern).toBe("/index.html");
  });
});
