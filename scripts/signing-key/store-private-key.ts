// The two homes of a private key: a Secrets Manager secret (what the cookie
// issuer reads) or a 0600 file outside the project. Failures become one-line
// messages that say what to do; none of them quotes the key.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { KeyToolError } from "./project";

export interface SecretTarget {
  name: string;
  region: string;
  /** Endpoint URL (a loopback stand-in, a VPC endpoint); undefined for the region's own. */
  endpoint?: string;
  description: string;
  tags: Record<string, string>;
  /** Put a new value into an existing secret instead of refusing. */
  force: boolean;
}

export interface StoredSecret {
  arn: string;
  versionId?: string;
  /** true when the secret existed and got a new current version (PutSecretValue). */
  replaced: boolean;
}

type SecretsCommand = CreateSecretCommand | PutSecretValueCommand;
/** The part of SecretsManagerClient used here, so tests can record the requests. */
export interface SecretsClient {
  send(command: SecretsCommand): Promise<{ ARN?: string; VersionId?: string }>;
}

export function secretsClient(region: string, endpoint?: string): SecretsClient {
  // The SDK warns on Node < 22 about its releases after January 2027: a
  // nine-line notice for whoever maintains package.json, not for someone
  // creating a key, and it would bury the one-line result. Set the variable
  // to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const client = new SecretsManagerClient({
    region,
    endpoint,
    // A CLI should fail in seconds, not wait on a dead endpoint.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 20000 },
  });
  return { send: (command) => client.send(command as CreateSecretCommand) };
}

/** AWS errors carry their type in `name`; network errors are plain Errors with a `code`. */
function errorName(err: unknown): string {
  const { name, code } = (err ?? {}) as { name?: unknown; code?: unknown };
  if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
  return typeof name === "string" ? name : "Error";
}
const errorMessage = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).split("\n")[0];

/** What each operation needs in IAM, for when AWS's message does not name it. */
const PERMISSIONS = {
  CreateSecret:
    "secretsmanager:CreateSecret (and secretsmanager:TagResource: the secret is created with tags)",
  PutSecretValue: "secretsmanager:PutSecretValue",
} as const;

/** A one-line explanation of a failed Secrets Manager call. */
export function describeSecretsError(
  err: unknown,
  operation: keyof typeof PERMISSIONS,
  target: Pick<SecretTarget, "name" | "region" | "endpoint">,
): string {
  const name = errorName(err);
  const message = errorMessage(err);
  const where = `secret ${target.name} in ${target.region}`;
  if (name === "AccessDeniedException" || /not authorized to perform/i.test(message)) {
    // AWS names the missing action ("... is not authorized to perform: secretsmanager:TagResource ...").
    const action = /\b(?:secretsmanager|kms):[A-Za-z]+/.exec(message)?.[0];
    return `access denied by Secrets Manager (${operation} on ${where}): your AWS identity needs ${action ?? PERMISSIONS[operation]}`;
  }
  if (/Credentials/.test(name) || /could not load credentials/i.test(message)) {
    return "no AWS credentials found: set AWS_PROFILE (after `aws sso login`) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
  }
  if (/^(UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId)/.test(name)) {
    return `AWS rejected the credentials (${name}: ${message}); refresh them and retry`;
  }
  if (
    /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(name) ||
    name === "TimeoutError"
  ) {
    return `cannot reach Secrets Manager at ${target.endpoint ?? target.region} (${name}); check the network, --region or EDGE_GATE_SECRETS_ENDPOINT`;
  }
  return `Secrets Manager ${operation} failed on ${where}: ${name}: ${message}`;
}

/**
 * Creates the secret (description, tags); when it exists, refuses unless
 * `force`, then puts the PEM as its new current version (the old value
 * stays as AWSPREVIOUS until the next put).
 */
export async function storeInSecretsManager(
  privatePem: string,
  target: SecretTarget,
  client: SecretsClient = secretsClient(target.region, target.endpoint),
): Promise<StoredSecret> {
  try {
    const created = await client.send(
      new CreateSecretCommand({
        Name: target.name,
        Description: target.description,
        SecretString: privatePem,
        Tags: Object.entries(target.tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    return { arn: created.ARN ?? target.name, versionId: created.VersionId, replaced: false };
  } catch (err) {
    if (errorName(err) !== "ResourceExistsException") {
      throw new KeyToolError(describeSecretsError(err, "CreateSecret", target));
    }
  }
  if (!target.force) {
    throw new KeyToolError(
      `secret ${target.name} already exists in ${target.region}; pass --force to store the new private key as its current version ` +
        "(only if no active key uses that secret), or choose another --id or --secret name",
    );
  }
  try {
    const put = await client.send(
      new PutSecretValueCommand({ SecretId: target.name, SecretString: privatePem }),
    );
    return { arn: put.ARN ?? target.name, versionId: put.VersionId, replaced: true };
  } catch (err) {
    throw new KeyToolError(describeSecretsError(err, "PutSecretValue", target));
  }
}

/** Refuses to replace an existing private key file unless `force`: it may be the only copy. */
export function assertPrivateKeyFileFree(file: string, force: boolean): void {
  if (!force && fs.existsSync(file)) {
    throw new KeyToolError(
      `${file} already exists; pass --force to replace it (only if that key is not in use), or choose another --private-key-out or --id`,
    );
  }
}

/** Writes the PEM readable by its owner only, in a directory only its owner can enter (if new). */
export function writePrivateKeyFile(file: string, privatePem: string, force: boolean): void {
  assertPrivateKeyFileFree(file, force);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // "wx" also closes the race with a file appearing since the check.
    const fd = fs.openSync(file, force ? "w" : "wx", 0o600);
    try {
      // The mode given to open applies only to a new file (and passes the umask).
      fs.fchmodSync(fd, 0o600);
      fs.writeSync(fd, privatePem);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new KeyToolError(`cannot write the private key to ${file}: ${errorMessage(err)}`);
  }
}
