// `{sub}` templates of the path rules ("/users/{sub}/"), filled the same way
// by the bearer-JWT gate (is this path the caller's own?) and the cookie
// issuer (which folder does the caller's cookie set cover?).

export const SUB_PLACEHOLDER = "{sub}";

/**
 * `template` with every `{sub}` replaced by `sub`. split/join, not
 * replace(): "$&" or "$1" in a sub must stay literal. Callers check that
 * `sub` is one harmless segment first.
 */
export function fillSubTemplate(template: string, sub: string): string {
  return template.split(SUB_PLACEHOLDER).join(sub);
}

// Each template's literal parts around its `{sub}`s, split once: templates
// come from config, a handful per function. Bounded all the same.
const PARTS_KEPT = 64;
const partsOf = new Map<string, readonly string[]>();

/**
 * Whether `path` falls under `template` filled with `sub`, as
 * matchesPrefix(path, fillSubTemplate(template, sub)) says (shared/path.ts),
 * without building the filled path on every request. `sub` is one safe
 * segment (no "/"), as the callers check first: the filled path is then a
 * folder exactly when the template is.
 */
export function matchesFilledTemplate(path: string, template: string, sub: string): boolean {
  let parts = partsOf.get(template);
  if (parts === undefined) {
    if (partsOf.size >= PARTS_KEPT) partsOf.clear();
    parts = template.split(SUB_PLACEHOLDER);
    partsOf.set(template, parts);
  }
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) {
      if (!path.startsWith(sub, at)) return false;
      at += sub.length;
    }
    if (!path.startsWith(parts[i], at)) return false;
    at += parts[i].length;
  }
  return template.endsWith("/") || at === path.length;
}
