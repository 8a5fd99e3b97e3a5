// Where a new key goes in a project: the environment it belongs to, its id,
// the public key file next to the environments, and the checks that keep the
// private key out of the project directory.
import * as fs from "node:fs";
import * as path from "node:path";

/** A refusal or failure the user can act on: the CLI prints the message alone, no stack. */
export class KeyToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyToolError";
  }
}

/** The key id rule of the environment schema (environments/schema/signed-cookie.ts). */
export const KEY_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const KEY_ID_RULE =
  "1-32 lowercase letters, digits and '-', starting with a letter or digit (e.g. k20261123)";

export function environmentsDir(projectDir: string): string {
  return path.join(projectDir, "environments");
}

/**
 * Environment names, from file names only. Loading the files would validate
 * them, and a signed-cookie environment that names a key not yet created
 * does not validate: the key must be creatable first. Same file pattern as
 * environments/schema/load.ts.
 */
export function environmentNames(projectDir: string): Map<string, string> {
  const dir = environmentsDir(projectDir);
  if (!fs.existsSync(dir)) {
    throw new KeyToolError(
      `no environments/ directory in ${projectDir}; is it an edge-gate project?`,
    );
  }
  const names = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && /^(?!.*\.d\.ts$).+\.(ts|json)$/.test(entry.name)) {
      names.set(entry.name.replace(/\.(ts|json)$/, ""), path.join(dir, entry.name));
    }
  }
  return new Map([...names].sort(([a], [b]) => a.localeCompare(b)));
}

/** The environment file of `env`; refuses an unknown name, listing the known ones. */
export function environmentFile(projectDir: string, env: string): string {
  const names = environmentNames(projectDir);
  const file = names.get(env);
  if (file === undefined) {
    const known = [...names.keys()].join(", ") || "none";
    throw new KeyToolError(
      `unknown environment ${JSON.stringify(env)}; environments: ${known} (files in environments/)`,
    );
  }
  return file;
}

/** `keys/<env>/<id>.pem`: how the environment file names the public key (relative to environments/). */
export function publicKeyRef(env: string, id: string): string {
  return `keys/${env}/${id}.pem`;
}

export function publicKeyPath(projectDir: string, env: string, id: string): string {
  return path.join(environmentsDir(projectDir), "keys", env, `${id}.pem`);
}

/** `k` + the UTC date, with `-2`, `-3`... when a public key of that id exists already. */
export function defaultKeyId(projectDir: string, env: string, now: Date): string {
  const base = `k${now.toISOString().slice(0, 10).replace(/-/g, "")}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!fs.existsSync(publicKeyPath(projectDir, env, id))) return id;
  }
}

/** The default secret name: one secret per key, so deleting a retired key's secret spares the active one. */
export function defaultSecretName(env: string, id: string): string {
  return `edge-gate/${env}/cloudfront-key/${id}`;
}

/** The default private key file: in the user's home, never in a project. */
export function defaultPrivateKeyPath(homeDir: string, env: string, id: string): string {
  return path.join(homeDir, ".edge-gate", env, `${id}.pem`);
}

/**
 * A path as the user typed it: `~/` is the home directory (the shell leaves
 * `--opt=~/x` alone), and a relative path is relative to where the command
 * was started. npm runs scripts in the package root and passes the
 * directory it was started in as INIT_CWD.
 */
export function resolveUserPath(input: string, homeDir: string, startDir: string): string {
  if (input === "~" || input.startsWith("~/")) return path.join(homeDir, input.slice(1));
  return path.resolve(startDir, input);
}

/** Follows symlinks of the part of `target` that exists, so a link cannot smuggle a path in. */
function realTarget(target: string): string {
  let existing = path.resolve(target);
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(fs.realpathSync(existing), ...rest);
}

/** Whether `target` is the project directory or anything below it. */
export function isInside(projectDir: string, target: string): boolean {
  const rel = path.relative(fs.realpathSync(projectDir), realTarget(target));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Refuses a private key destination inside the project: there it is one
 * `git add .` or one build artifact away from being published, and no
 * ignore rule is trusted to prevent that.
 */
export function assertOutsideProject(projectDir: string, target: string): void {
  if (isInside(projectDir, target)) {
    throw new KeyToolError(
      `refusing to write the private key inside the project (${target}): files there can end up in git or a build artifact; ` +
        `choose a path outside ${projectDir} with --private-key-out, or use --secret`,
    );
  }
}
