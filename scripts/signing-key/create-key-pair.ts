// `keys create`: a new CloudFront signing key pair for one environment. The
// public half goes next to the environments (committed, read at synth); the
// private half goes to Secrets Manager or a 0600 file outside the project,
// never into the repository or Terraform state (docs/decisions/0006-secrets-out-of-state.md).
import * as fs from "node:fs";
import * as path from "node:path";
import { generateKeyPair, verifyKeyPairRoundTrip, type KeyType } from "./key-pair";
import {
  assertOutsideProject,
  defaultKeyId,
  defaultPrivateKeyPath,
  defaultSecretName,
  environmentFile,
  KEY_ID,
  KEY_ID_RULE,
  KeyToolError,
  publicKeyPath,
  publicKeyRef,
} from "./project";
import {
  assertPrivateKeyFileFree,
  storeInSecretsManager,
  writePrivateKeyFile,
  type SecretsClient,
} from "./store-private-key";

/** Secret names as Secrets Manager accepts them on creation. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export interface CreateKeyOptions {
  /** The project (the directory holding environments/). */
  projectDir: string;
  env: string;
  type: KeyType;
  /** Key id; default `k<YYYYMMDD>` (UTC), `-2`, `-3`... if taken. */
  id?: string;
  /** Store the private key in Secrets Manager (name: default `edge-gate/<env>/cloudfront-key/<id>`). */
  secret?: { name?: string; region?: string; endpoint?: string; client?: SecretsClient };
  /** Absolute path of the private key file; default `<home>/.edge-gate/<env>/<id>.pem`. */
  privateKeyOut?: string;
  homeDir: string;
  /** Replace an existing public key file, private key file or secret value. */
  force: boolean;
  now?: Date;
}

export type PrivateKeyHome =
  | { kind: "secret"; name: string; region: string; arn: string; replaced: boolean }
  | { kind: "file"; path: string };

export interface CreatedKey {
  env: string;
  id: string;
  /** "ECDSA P-256" or "RSA 2048". */
  keyType: string;
  environmentFile: string;
  publicKeyFile: string;
  /** The public key path as the environment file names it (relative to environments/). */
  publicKeyRef: string;
  /** The secret the environment's key entry names (where the issuer will read the key). */
  secretName: string;
  privateKey: PrivateKeyHome;
}

function checkOptions(options: CreateKeyOptions): void {
  if (options.id !== undefined && !KEY_ID.test(options.id)) {
    throw new KeyToolError(`--id must be ${KEY_ID_RULE}; got ${JSON.stringify(options.id)}`);
  }
  const secret = options.secret;
  if (secret && options.privateKeyOut !== undefined) {
    throw new KeyToolError(
      "--secret and --private-key-out exclude each other: the private key goes to one place",
    );
  }
  if (secret?.name !== undefined && !SECRET_NAME.test(secret.name)) {
    throw new KeyToolError(
      `--secret must be a secret name of 1-512 characters A-Z a-z 0-9 / _ + = . @ -; got ${JSON.stringify(secret.name)}`,
    );
  }
  if (secret && secret.region === undefined) {
    throw new KeyToolError(
      "--secret needs a region: pass --region <aws-region> (the environment's homeRegion, where the cookie issuer reads the secret) or set AWS_REGION",
    );
  }
  if (secret?.region !== undefined && !REGION.test(secret.region)) {
    throw new KeyToolError(
      `--region must be an AWS region code such as eu-west-1; got ${JSON.stringify(secret.region)}`,
    );
  }
}

/**
 * Checks everything that can be checked first, generates the pair, checks
 * that it signs and verifies, stores the private key, and only then writes
 * the public key: a failed store leaves nothing behind in the project.
 */
export async function createSigningKey(options: CreateKeyOptions): Promise<CreatedKey> {
  checkOptions(options);
  const { projectDir, env, force } = options;
  const envFile = environmentFile(projectDir, env);
  const id = options.id ?? defaultKeyId(projectDir, env, options.now ?? new Date());
  const publicFile = publicKeyPath(projectDir, env, id);
  if (!force && fs.existsSync(publicFile)) {
    throw new KeyToolError(
      `${path.relative(projectDir, publicFile)} already exists; pass --force to replace it ` +
        "(the key pair it belongs to stops working), or choose another --id",
    );
  }
  const secretName = options.secret?.name ?? defaultSecretName(env, id);
  const privateFile = options.secret
    ? undefined
    : (options.privateKeyOut ?? defaultPrivateKeyPath(options.homeDir, env, id));
  if (privateFile !== undefined) {
    assertOutsideProject(projectDir, privateFile);
    assertPrivateKeyFileFree(privateFile, force);
  }

  const pair = generateKeyPair(options.type);
  const { keyType } = verifyKeyPairRoundTrip(pair.privatePem, pair.publicPem);

  let privateKey: PrivateKeyHome;
  if (options.secret) {
    const region = options.secret.region as string;
    const stored = await storeInSecretsManager(
      pair.privatePem,
      {
        name: secretName,
        region,
        endpoint: options.secret.endpoint,
        description: `CloudFront signing private key ${id} (${keyType}, PKCS#8 PEM) of edge-gate environment ${env}; public key environments/${publicKeyRef(env, id)}`,
        tags: { "edge-gate:environment": env, "edge-gate:key-id": id },
        force,
      },
      options.secret.client,
    );
    privateKey = { kind: "secret", name: secretName, region, ...stored };
  } else {
    writePrivateKeyFile(privateFile as string, pair.privatePem, force);
    privateKey = { kind: "file", path: privateFile as string };
  }

  try {
    fs.mkdirSync(path.dirname(publicFile), { recursive: true });
    fs.writeFileSync(publicFile, pair.publicPem, { mode: 0o644 });
  } catch (err) {
    const stored = privateKey.kind === "secret" ? `secret ${secretName}` : privateKey.path;
    throw new KeyToolError(
      `the private key is stored (${stored}) but the public key could not be written to ${publicFile}: ${(err as Error).message}; ` +
        "fix that and run again with the same --id and --force",
    );
  }
  return {
    env,
    id,
    keyType,
    environmentFile: envFile,
    publicKeyFile: publicFile,
    publicKeyRef: publicKeyRef(env, id),
    secretName,
    privateKey,
  };
}

/** The key entry to paste into the environment's `protection.keys`, in the file's own syntax. */
export function keyEntrySnippet(created: CreatedKey): string {
  const entry = {
    id: created.id,
    publicKey: created.publicKeyRef,
    secret: created.secretName,
    active: false,
  };
  if (created.environmentFile.endsWith(".json")) return JSON.stringify(entry);
  const fields = Object.entries(entry).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return `{ ${fields.join(", ")} }`;
}

/** What the CLI prints: what was done, the entry to add, and the next rotation step. */
export function describeCreatedKey(created: CreatedKey, projectDir: string): string[] {
  const rel = (file: string) => path.relative(projectDir, file);
  const lines = [
    `Created ${created.keyType} key pair ${created.id} for environment ${created.env}.`,
    `  public key:  ${rel(created.publicKeyFile)} (commit it)`,
  ];
  const home = created.privateKey;
  if (home.kind === "secret") {
    const how = home.replaced ? "new current version of the existing secret" : "new secret";
    lines.push(`  private key: Secrets Manager, ${how} ${home.name} in ${home.region}`);
    lines.push(`               ${home.arn}`);
  } else {
    lines.push(
      `  private key: ${home.path} (mode 0600; not in the project, not in Secrets Manager)`,
    );
  }
  lines.push(
    "",
    `Add this entry to protection.keys in ${rel(created.environmentFile)}:`,
    `  ${keyEntrySnippet(created)}`,
  );
  // A text search is enough for a hint: no other key named means no rotation yet.
  const firstKey = !fs
    .readFileSync(created.environmentFile, "utf8")
    .includes(`keys/${created.env}/`);
  if (firstKey) {
    lines.push("(the environment's first key: set active: true, exactly one key is active)");
  }
  lines.push("");
  if (home.kind === "file") {
    lines.push(
      "Before deploying, put the private key where the cookie issuer reads it, then delete the file:",
      `  aws secretsmanager create-secret --region <homeRegion> --name ${created.secretName} --secret-string file://${home.path}`,
    );
  }
  const deploy = `npx cdktf deploy ${created.env}`;
  if (firstKey) {
    lines.push(`Next: ${deploy}.`);
    return lines;
  }
  lines.push(
    "Next (docs/signed-cookie.md: Signing keys):",
    `  1. ${deploy}: CloudFront trusts ${created.id} too; cookies are still signed with the old key`,
    `  2. set active: true on ${created.id} and false on the old key; ${deploy}`,
    "  3. once the cookie lifetime has passed: remove the old key's entry and .pem file, deploy, delete its secret",
  );
  return lines;
}
