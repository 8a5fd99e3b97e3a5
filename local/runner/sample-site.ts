// The content the local edge serves as its S3 origin, built at start into a
// temp folder: the static pages of local/sample-content/ (landing page,
// "what can I open" page, sign-in callback) in a public folder of the
// environment, and one folder per test user, per group rule and per public
// folder, all derived from the environment's path rules.
import * as fs from "node:fs";
import * as path from "node:path";
import type { PathRulesInput } from "./test-users";

export const SAMPLE_CONTENT_DIR = path.resolve(__dirname, "..", "sample-content");
/** The shipped bearer-jwt browser helper (service worker and its page side). */
const BROWSER_HELPER_DIR = path.resolve(__dirname, "..", "..", "browser");

/** What the pages read at run time (site-config.json, next to them). */
export interface SiteConfig {
  environment: string;
  mode: "bearer-jwt" | "session-cookie" | "signed-cookie";
  /** Folder of the site's own pages ("/public/"): public, so they load before sign-in. */
  site: string;
  /** Where "sign in" and "sign out" go; bearer-JWT signs in from the page itself. */
  signInUrl: string | null;
  signOutUrl: string | null;
  /** bearer-JWT: the authorization-code + PKCE login against the Cognito stand-in. */
  oidc: {
    authorizeUrl: string;
    tokenUrl: string;
    logoutUrl: string;
    clientId: string;
    redirectUri: string;
    logoutUri: string;
    scopes: string[];
  } | null;
  users: { username: string; sub: string; groups: string[] }[];
  /** Every file the page tries, with why it might open. */
  files: { path: string; opensFor: string }[];
}

export interface SampleSiteInput {
  environment: string;
  mode: SiteConfig["mode"];
  rules: PathRulesInput;
  users: { username: string; sub: string; groups: string[] }[];
  /** The object CloudFront serves for "/" ("index.html"); null: none. */
  rootObject: string | null;
  /** Filled in by the runner for the mode (see siteFolderOf for `site`). */
  signInUrl: string | null;
  signOutUrl: string | null;
  oidc: SiteConfig["oidc"];
}

/** The folder the pages go in: the first public folder of the rules, else /public/. */
export function siteFolderOf(rules: PathRulesInput): string {
  return rules.public.find((prefix) => prefix.endsWith("/") && !prefix.includes("{")) ?? "/public/";
}

/** A small picture per folder, so an <img> shows whether the folder opened. */
function picture(label: string): string {
  const text = label.replace(/[<>&"']/g, "");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="60"><rect width="160" height="60" fill="#2f6f9f"/><text x="80" y="36" font-family="sans-serif" font-size="14" fill="#fff" text-anchor="middle">${text}</text></svg>\n`;
}

/** The generated files, by path from the site's root (what the manifest lists). */
export function sampleFiles(
  input: SampleSiteInput,
): { path: string; body: string; opensFor: string }[] {
  const files: { path: string; body: string; opensFor: string }[] = [];
  const folder = (prefix: string, opensFor: string, label: string) => {
    files.push({ path: `${prefix}hello.txt`, body: `Hello from ${label}.\n`, opensFor });
    files.push({ path: `${prefix}picture.svg`, body: picture(label), opensFor });
  };
  for (const prefix of input.rules.public) {
    if (prefix.endsWith("/") && !prefix.includes("{")) folder(prefix, "everyone", prefix);
  }
  for (const { group, prefix } of input.rules.groups) folder(prefix, `group ${group}`, prefix);
  for (const template of input.rules.users) {
    for (const user of input.users) {
      folder(
        template.split("{sub}").join(user.sub),
        `user ${user.username}`,
        `${user.username}'s folder`,
      );
    }
  }
  return files;
}

/** Writes the site into `dir` (which must exist and be empty). */
export function writeSampleSite(dir: string, input: SampleSiteInput): SiteConfig {
  const site = siteFolderOf(input.rules);
  const files = sampleFiles(input);
  const config: SiteConfig = {
    environment: input.environment,
    mode: input.mode,
    site,
    signInUrl: input.signInUrl,
    signOutUrl: input.signOutUrl,
    oidc: input.oidc,
    users: input.users,
    files: files.map(({ path: p, opensFor }) => ({ path: p, opensFor })),
  };
  const write = (key: string, body: string) => {
    const file = path.join(dir, ...key.split("/").filter(Boolean));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
  };
  for (const name of fs.readdirSync(SAMPLE_CONTENT_DIR)) {
    const text = fs.readFileSync(path.join(SAMPLE_CONTENT_DIR, name), "utf8");
    // Pages name their scripts and styles by absolute path: the landing page is also the root object.
    write(`${site}${name}`, name.endsWith(".html") ? text.split("{{SITE}}").join(site) : text);
  }
  if (input.rootObject !== null) {
    write(
      input.rootObject,
      fs.readFileSync(path.join(dir, ...site.split("/").filter(Boolean), "index.html"), "utf8"),
    );
  }
  if (input.mode === "bearer-jwt") {
    // The shipped browser helper, as a site would deploy it: the worker at the
    // root (its scope is the folder it is served from), the page side beside
    // the sample pages.
    const helper = (name: string) => fs.readFileSync(path.join(BROWSER_HELPER_DIR, name), "utf8");
    write("/bearer-token-worker.js", helper("bearer-token-worker.js"));
    write(`${site}bearer-token-client.js`, helper("bearer-token-client.js"));
  }
  write(`${site}site-config.json`, `${JSON.stringify(config, null, 2)}\n`);
  for (const file of files) write(file.path, file.body);
  return config;
}
