// `npm run keys -- create <env> ...`: creates a CloudFront signing key pair
// for a signed-cookie environment. The work is in scripts/signing-key/; this
// file reads the command line and turns every failure into one line.
import * as os from "node:os";
import * as path from "node:path";
import {
  describeCreatedKey,
  createSigningKey,
  type CreateKeyOptions,
} from "./signing-key/create-key-pair";
import { CliError, parseCliArgs, wantsHelp } from "./cli/args";
import { KEY_TYPES, type KeyType } from "./signing-key/key-pair";
import { KeyToolError, resolveUserPath } from "./signing-key/project";

export const USAGE = `usage: npm run keys -- create <env> [--type ecdsa|rsa] [--id <key-id>] [--secret [<name>]]
         [--region <aws-region>] [--private-key-out <file>] [--force] [--project-dir <dir>]

Creates a CloudFront signing key pair for environment <env> (environments/<env>.ts or .json).
The public key goes to environments/keys/<env>/<key-id>.pem; the private key goes to
Secrets Manager (--secret) or to a file only you can read, outside the project.

  --type ecdsa|rsa          ECDSA P-256 (default) or RSA 2048, the types CloudFront key groups accept
  --id <key-id>             default k<YYYYMMDD> (UTC date), then k<YYYYMMDD>-2...; 1-32 of a-z 0-9 -
  --secret [<name>]         store the private key (PKCS#8 PEM) in Secrets Manager, as a new secret
                            named <name> (default edge-gate/<env>/cloudfront-key/<key-id>)
  --region <aws-region>     region of the secret: the environment's homeRegion (default AWS_REGION)
  --private-key-out <file>  without --secret: the private key file, mode 0600, never inside the
                            project (default ~/.edge-gate/<env>/<key-id>.pem)
  --force                   replace an existing public key file, private key file or secret value
  --project-dir <dir>       the edge-gate project (default: the one this script belongs to)

AWS credentials come from the SDK's usual chain (AWS_PROFILE, environment variables, SSO).
EDGE_GATE_SECRETS_ENDPOINT overrides the Secrets Manager endpoint URL (VPC endpoint, local stand-in).`;

interface Invocation {
  options: CreateKeyOptions;
}

function usageError(message: string): KeyToolError {
  return new KeyToolError(`${message} (npm run keys -- --help)`);
}

const OPTIONS = {
  type: { type: "string" },
  id: { type: "string" },
  region: { type: "string" },
  "private-key-out": { type: "string" },
  "project-dir": { type: "string" },
  force: { type: "boolean" },
} as const;

interface SecretFlag {
  name?: string;
  /** The name was the next word, which may have been meant as <env>. */
  nameWasWord: boolean;
}

/**
 * parseArgs has no option with an optional value, so `--secret [<name>]` is
 * taken out first: `--secret=<name>`, `--secret <word>`, or `--secret` alone
 * (before an option or at the end).
 */
function takeSecretFlag(argv: readonly string[]): { rest: string[]; secret?: SecretFlag } {
  const rest: string[] = [];
  let secret: SecretFlag | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith("--secret=")) {
      secret = { name: arg.slice("--secret=".length), nameWasWord: false };
    } else if (arg === "--secret") {
      const next = argv[i + 1];
      const isWord = next !== undefined && !next.startsWith("-");
      secret = { name: isWord ? next : undefined, nameWasWord: isWord };
      if (isWord) i += 1;
    } else {
      rest.push(arg);
    }
  }
  return { rest, secret };
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Invocation | "help" {
  if (argv.length === 0 || wantsHelp(argv)) return "help";
  const [command, ...args] = argv;
  if (command !== "create")
    throw usageError(`unknown command ${JSON.stringify(command)}; try create`);

  const { rest, secret } = takeSecretFlag(args);
  let parsed;
  try {
    parsed = parseCliArgs(rest, { options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw error instanceof CliError ? usageError(error.message) : error;
  }
  const { values, positionals } = parsed;
  const [envName, other] = positionals;
  if (other !== undefined)
    throw usageError(`one environment at a time; got ${envName} and ${other}`);
  if (envName === undefined) {
    throw usageError(
      secret?.nameWasWord
        ? `missing <env>: ${JSON.stringify(secret.name)} was read as the --secret name; put <env> first or write --secret=<name>`
        : "missing <env>",
    );
  }
  const type = values.type ?? "ecdsa";
  if (!(KEY_TYPES as readonly string[]).includes(type)) {
    throw new KeyToolError(
      `--type must be ecdsa or rsa (CloudFront key groups accept ECDSA P-256 and RSA 2048 keys); got ${JSON.stringify(type)}`,
    );
  }

  const homeDir = os.homedir();
  // npm runs scripts in the package root; relative paths mean where the user was.
  const startDir = env.INIT_CWD ?? process.cwd();
  const userPath = (value: string | undefined) =>
    value === undefined ? undefined : resolveUserPath(value, homeDir, startDir);
  const region = values.region ?? (env.AWS_REGION || undefined);
  return {
    options: {
      projectDir: userPath(values["project-dir"]) ?? path.resolve(__dirname, ".."),
      env: envName,
      type: type as KeyType,
      id: values.id,
      secret: secret
        ? { name: secret.name, region, endpoint: env.EDGE_GATE_SECRETS_ENDPOINT || undefined }
        : undefined,
      privateKeyOut: userPath(values["private-key-out"]),
      homeDir,
      force: values.force ?? false,
    },
  };
}

/** Belt and braces: whatever an error says, a PEM block never reaches the terminal. */
export function redactPem(text: string): string {
  return text.replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, "[PEM redacted]");
}

async function main(): Promise<number> {
  const invocation = parseArgs(process.argv.slice(2), process.env);
  if (invocation === "help") {
    console.log(USAGE);
    return 0;
  }
  const created = await createSigningKey(invocation.options);
  console.log(describeCreatedKey(created, invocation.options.projectDir).join("\n"));
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // Known refusals are self-explanatory; anything else gets its first line only, no stack.
      const message = error instanceof Error ? error.message : String(error);
      const prefix = error instanceof KeyToolError ? "keys" : "keys: unexpected error";
      console.error(`${prefix}: ${redactPem(message).split("\n")[0]}`);
      process.exit(1);
    },
  );
}
