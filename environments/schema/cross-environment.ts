// What must differ between environments (state, content bucket names, hosted-UI
// domain, custom domain): checked across every validated environment file at once.
import * as path from "node:path";
import type { Environment } from "./index";
import type { Problem } from "./load";

/** A validated environment and its file, as shown in messages. */
export interface EnvironmentFile {
  file: string;
  environment: Environment;
}

const OWN = "each environment needs its own";

/** "a and b", or "a, b and c": the files in a stable order. */
function listFiles(files: string[]): string {
  const sorted = [...files].sort();
  return `${sorted.slice(0, -1).join(", ")} and ${sorted[sorted.length - 1]}`;
}

/** A value that must be unique: the key it is compared by, and how a message shows it. */
interface Unique {
  key: string;
  shown: string;
}

/** One problem per value that more than one environment uses in `field`. */
function sharedValues(
  environments: readonly EnvironmentFile[],
  field: string,
  valueOf: (env: Environment) => Unique | undefined,
): Problem[] {
  const users = new Map<string, { shown: string; files: string[] }>();
  for (const { file, environment } of environments) {
    const value = valueOf(environment);
    if (value === undefined) continue;
    const entry = users.get(value.key) ?? { shown: value.shown, files: [] };
    entry.files.push(file);
    users.set(value.key, entry);
  }
  return [...users.values()]
    .filter(({ files }) => files.length > 1)
    .map(({ shown, files }) => ({
      file: listFiles(files),
      field,
      message: `${shown} is used by ${files.length === 2 ? "both" : "all of them"}; ${OWN}`,
    }));
}

/** Where the state lives: two environments writing one state would destroy each other's resources. */
function stateLocation(env: Environment): Unique {
  const backend = env.backend;
  if (backend.type === "s3") {
    // Bucket names are global: the region does not tell two objects apart.
    const url = `s3://${backend.bucket}/${backend.key}`;
    return { key: url, shown: `state ${url}` };
  }
  // The default is stacks/backend.ts's; spellings of one path are one file.
  const file = path.posix.normalize(
    (backend.path ?? `state/${env.name}.tfstate`).replace(/\\/g, "/"),
  );
  return { key: `local:${file}`, shown: `local state file ${JSON.stringify(file)}` };
}

function quoted(value: string | undefined): Unique | undefined {
  return value === undefined ? undefined : { key: value, shown: JSON.stringify(value) };
}

/**
 * A name prefix that another environment's bucket name (or prefix) starts
 * with: Terraform's suffix could complete it into the other's name, and grants
 * on `<prefix>*` (scripts/iam-policy) reach the other's bucket.
 */
function overlappingPrefixes(environments: readonly EnvironmentFile[]): Problem[] {
  const problems: Problem[] = [];
  for (const owner of environments) {
    const prefix = owner.environment.bucket.namePrefix;
    if (prefix === undefined) continue;
    for (const other of environments) {
      if (other === owner) continue;
      const name = other.environment.bucket.name ?? other.environment.bucket.namePrefix;
      // The same prefix twice is a shared value, reported once by sharedValues.
      if (name === undefined || name === prefix || !name.startsWith(prefix)) continue;
      problems.push({
        file: listFiles([owner.file, other.file]),
        field: "bucket.namePrefix",
        message:
          `${JSON.stringify(prefix)} (${owner.file}) is the start of ${JSON.stringify(name)} (${other.file}): ` +
          `grants on ${JSON.stringify(`${prefix}*`)} would reach both buckets; ` +
          "each environment needs a prefix no other bucket name starts with",
      });
    }
  }
  return problems;
}

/**
 * Everything two environments share that must be theirs alone, naming the
 * files of both. Pure: `environments` are already validated.
 */
export function crossEnvironmentProblems(environments: readonly EnvironmentFile[]): Problem[] {
  return [
    ...sharedValues(environments, "backend", stateLocation),
    ...sharedValues(environments, "bucket.name", (env) => quoted(env.bucket.name)),
    ...sharedValues(environments, "bucket.namePrefix", (env) => quoted(env.bucket.namePrefix)),
    ...overlappingPrefixes(environments),
    // Stricter than Cognito, which scopes prefixes by region: one login page per environment.
    ...sharedValues(environments, "cognito.domainPrefix", (env) =>
      quoted(env.cognito.domainPrefix),
    ),
    // CloudFront accepts an alternate domain name on one distribution only.
    ...sharedValues(environments, "customDomain.domainName", (env) =>
      quoted(env.customDomain?.domainName.toLowerCase()),
    ),
  ];
}
