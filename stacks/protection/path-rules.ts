// The environment's path rules (protection.paths) as the functions that
// apply them read them: one rendering for every mode, so a token, a session
// and a signed-cookie issue open the same paths.
import type { PathRuleSettings } from "../../environments/schema/path-rules";
import type { PathRules } from "../../functions/shared/path-rules";

export function renderPathRules(paths: PathRuleSettings): PathRules {
  return {
    publicPrefixes: paths.public,
    groupPrefixes: paths.groups,
    userPrefixes: paths.users,
  };
}
