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
