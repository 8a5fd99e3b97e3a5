// The path rules of the protection modes and the one access decision made
// with them, shared by the bearer-JWT gate and the session checker so that a
// token and a session open exactly the same paths. Pure: paths and prefixes
// are both in the canonical decoded form of shared/path.ts.
import { isSafeSegment, matchesPrefix } from "./path";
import { matchesFilledTemplate, SUB_PLACEHOLDER } from "./sub-template";
import { isRecord } from "./is-record";

export interface GroupPrefixRule {
  /** Cognito group whose members may read under `prefix`. */
  group: string;
  /** Path prefix, starts with "/". A prefix ending in "/" is a folder, anything else an exact path. */
  prefix: string;
}

export interface PathRules {
  /** Readable without a token or session. */
  publicPrefixes: string[];
  /** Readable by members of the named Cognito group (`cognito:groups`). */
  groupPrefixes: GroupPrefixRule[];
  /** Templates containing `{sub}`, readable only by the user whose `sub` fills the template. */
  userPrefixes: string[];
}

/** Who asks: a verified token's claims, or what a session recorded of them at login. */
export interface Caller {
  sub: string;
  groups: readonly string[];
}

/**
 * - `public`: readable without a token or session (one sent along is ignored);
 * - `allow`: readable by this caller;
 * - `deny`: not readable by this caller (or, without a caller, needs one).
 */
export type Decision = "public" | "allow" | "deny";

/** A `sub` longer than this cannot name a folder (Cognito's are 36-character UUIDs). */
export const MAX_SUB_LENGTH = 128;

/** Decides access to `path` for `caller` (null: nobody signed in). */
export function decide(path: string, caller: Caller | null, rules: PathRules): Decision {
  if (rules.publicPrefixes.some((prefix) => matchesPrefix(path, prefix))) return "public";
  if (caller === null) return "deny";
  const inGroup = rules.groupPrefixes.some(
    (rule) => caller.groups.includes(rule.group) && matchesPrefix(path, rule.prefix),
  );
  if (inGroup) return "allow";
  // A sub that is not one harmless segment ("..", "a/b", "%2e") could point a
  // template at someone else's folder; it never matches any user rule.
  if (!isSafeSegment(caller.sub, MAX_SUB_LENGTH)) return "deny";
  const ownFolder = rules.userPrefixes.some((template) =>
    matchesFilledTemplate(path, template, caller.sub),
  );
  return ownFolder ? "allow" : "deny";
}

type Check = (value: unknown) => boolean;

const isListOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);

/** A folder ("/a/b/") or exact path ("/a/b") in the canonical decoded form rules are matched against. */
const isPrefix = (v: unknown): v is string =>
  typeof v === "string" &&
  /^\/(?:[^/%\\?#\s]+\/?)*$/.test(v) &&
  !v.split("/").some((segment) => segment === "." || segment === "..");

const isStaticPrefix: Check = (v) => isPrefix(v) && !/[{}]/.test(v);

/** A template with "{sub}" as a whole segment: a sub can then never span or merge segments. */
const isUserTemplate: Check = (v) =>
  isPrefix(v) &&
  v.split("/").includes(SUB_PLACEHOLDER) &&
  !/[{}]/.test(v.split(SUB_PLACEHOLDER).join(""));

const RULE_CHECKS: Record<keyof PathRules, Check> = {
  // "/" would be a folder holding every path: nothing would be protected.
  publicPrefixes: isListOf((v) => isStaticPrefix(v) && v !== "/"),
  groupPrefixes: isListOf(
    (r) =>
      isRecord(r) && typeof r.group === "string" && r.group.length > 0 && isStaticPrefix(r.prefix),
  ),
  userPrefixes: isListOf(isUserTemplate),
};

/**
 * The cold-start check of rules read from a config file: the names of the
 * fields that are missing or invalid (`<at>`, `<at>.publicPrefixes`, ...),
 * none when the rules are usable. The stack renders them from a validated
 * environment; a function that trusted them blindly would fail open on a
 * broken deploy.
 */
export function pathRuleProblems(raw: unknown, at = "rules"): string[] {
  if (!isRecord(raw)) return [at];
  return (Object.keys(RULE_CHECKS) as (keyof PathRules)[])
    .filter((field) => !RULE_CHECKS[field](raw[field]))
    .map((field) => `${at}.${field}`);
}
