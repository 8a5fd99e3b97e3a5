// The access decision: which normalized paths a caller may read. Pure, so
// every rule can be tested without tokens or events. Paths and prefixes are
// both in canonical decoded form (see shared/path.ts).
import type { Claims } from "../shared/access-token-verifier";
import { isSafeSegment, matchesPrefix } from "../shared/path";
import { fillSubTemplate } from "../shared/sub-template";
import type { PathRules } from "./config";

export type { Claims };

/**
 * - `public`: readable without a token (a token, if any, is ignored);
 * - `allow`: readable by this caller;
 * - `deny`: not readable by this caller (or, without claims, needs a token).
 */
export type Decision = "public" | "allow" | "deny";

/** A `sub` longer than this cannot name a folder (Cognito's are 36-character UUIDs). */
export const MAX_SUB_LENGTH = 128;

/** Decides access to `path` for `claims` (null: no verified token). */
export function decide(path: string, claims: Claims | null, rules: PathRules): Decision {
  if (rules.publicPrefixes.some((prefix) => matchesPrefix(path, prefix))) return "public";
  if (claims === null) return "deny";
  const inGroup = rules.groupPrefixes.some(
    (rule) => claims.groups.includes(rule.group) && matchesPrefix(path, rule.prefix),
  );
  if (inGroup) return "allow";
  // A sub that is not one harmless segment ("..", "a/b", "%2e") could point a
  // template at someone else's folder; it never matches any user rule.
  if (!isSafeSegment(claims.sub, MAX_SUB_LENGTH)) return "deny";
  const ownFolder = rules.userPrefixes.some((template) =>
    matchesPrefix(path, fillSubTemplate(template, claims.sub)),
  );
  return ownFolder ? "allow" : "deny";
}
