// The Content-Security-Policy the distribution sends: the environment's
// policy, plus what the stack's own pages need of it (the signed-cookie
// refused page's inline script, by hash; the hosted UI's logout as a form
// target; in bearer-jwt mode its token endpoint for the site's own sign-in),
// so that tightening it never breaks a login or a logout.
import { createHash } from "node:crypto";
import type { Environment } from "../environments/schema";
import { refusedPage } from "../functions/cookie-issuer/refused-page";
import { AUTH_BASE_PATH } from "./protection/signed-cookie";

/** CloudFront's limit on the header's value. */
export const MAX_POLICY_LENGTH = 1783;

/** The bodies of `html`'s inline scripts. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

/** The CSP source that allows exactly `script`: its SHA-256, as browsers hash it (UTF-8). */
export function scriptHashSource(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

/**
 * `policy` with `sources` added to `directive`. Where the directive is
 * missing, `fallback` says what to do: copy default-src (script-src and
 * connect-src fall back to it, so adding a source must keep the rest; with no
 * default-src either, they allow everything already) or leave the policy
 * alone (form-action has no fallback: absent, it allows everything already).
 */
export function withSources(
  policy: string,
  directive: string,
  sources: readonly string[],
  fallback: "default-src" | "none",
): string {
  if (sources.length === 0) return policy;
  const directives = policy
    .split(";")
    .map((d) => d.trim())
    .filter((d) => d !== "");
  const named = (name: string) => directives.findIndex((d) => d.split(/\s+/)[0] === name);
  const index = named(directive);
  if (index >= 0) {
    const present = new Set(directives[index].split(/\s+/));
    const added = sources.filter((s) => !present.has(s));
    directives[index] = [directives[index], ...added].join(" ");
  } else if (fallback === "default-src") {
    // Without default-src nothing restricts the directive: a new one would only narrow it.
    const defaults = named("default-src");
    if (defaults < 0) return policy;
    const base = directives[defaults].split(/\s+/).slice(1);
    directives.push([directive, ...base, ...sources].join(" "));
  }
  return directives.join("; ");
}

/** The hosted UI's origin (stacks/user-directory.ts names it the same way). */
export function hostedUiOrigin(env: Environment): string {
  return `https://${env.cognito.domainPrefix}.auth.${env.homeRegion}.amazoncognito.com`;
}

/** The policy for `env`'s site; throws if the additions push it past CloudFront's limit. */
export function siteContentSecurityPolicy(env: Environment): string {
  let policy = env.cloudfront.contentSecurityPolicy;
  const hostedUi = hostedUiOrigin(env);
  if (env.protection.mode === "bearer-jwt") {
    // The site's pages sign in with the authorization code flow and fetch
    // their tokens from the hosted UI's /oauth2/token.
    policy = withSources(policy, "connect-src", [hostedUi], "default-src");
  }
  if (env.protection.mode === "session-cookie" || env.protection.mode === "signed-cookie") {
    // Logout posts to the site, which redirects to the hosted UI's /logout;
    // browsers apply form-action to the redirect too.
    policy = withSources(policy, "form-action", [hostedUi], "none");
  }
  if (env.protection.mode === "signed-cookie") {
    // The issuer serves the page at /_auth/refused with its login at /_auth/login.
    const scripts = inlineScripts(refusedPage(`${AUTH_BASE_PATH}/login`).body);
    policy = withSources(policy, "script-src", scripts.map(scriptHashSource), "default-src");
  }
  if (policy.length > MAX_POLICY_LENGTH) {
    throw new Error(
      `the Content-Security-Policy of ${env.name} is ${policy.length} characters with what the stack's own pages need; CloudFront allows ${MAX_POLICY_LENGTH}: shorten cloudfront.contentSecurityPolicy`,
    );
  }
  return policy;
}
