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

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Invocation | "help" {
  if (argv.length === 0 || argv.some((a) => a === "-h" || a === "--help")) return "help";
  const [command, ...rest] = argv;
  if (command !== "create")
    throw usageError(`unknown command ${JSON.stringify(command)}; try create`);

  const homeDir = os.homedir();
  // npm runs scripts in the package root; relative paths mean where the user was.
  const startDir = env.INIT_CWD ?? process.cwd();
  let envName: string | undefined;
  let type: string = "ecdsa";
  let id: string | undefined;
  let secret = false;
  let secretName: string | undefined;
  let secretNameWasWord = false;
  let region = env.AWS_REGION || undefined;
  let privateKeyOut: string | undefined;
  let force = false;
  let projectDir = path.resolve(__dirname, "..");

  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined || next.startsWith("-")) throw usageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    switch (flag) {
      case "--type":
        type = value();
        break;
      case "--id":
        id = value();
        break;
      case "--secret":
        secret = true;
        if (inline !== undefined) secretName = inline;
        else if (rest[i + 1] !== undefined && !rest[i + 1].startsWith("-")) {
          secretName = rest[++i];
          secretNameWasWord = true;
        }
        break;
      case "--region":
        region = value();
        break;
      case "--private-key-out":
        privateKeyOut = resolveUserPath(value(), homeDir, startDir);
        break;
      case "--project-dir":
        projectDir = resolveUserPath(value(), homeDir, startDir);
        break;
      case "--force":
        if (inline !== undefined) throw usageError("--force takes no value");
        force = true;
        break;
      default:
        if (arg.startsWith("-")) throw usageError(`unknown option ${arg}`);
        if (envName !== undefined)
          throw usageError(`one environment at a time; got ${envName} and ${arg}`);
        envName = arg;
    }
  }
  if (envName === undefined) {
    throw usageError(
      secretNameWasWord
        ? `missing <env>: ${JSON.stringify(secretName)} was read as the --secret name; put <env> first or write --secret=<name>`
        : "missing <env>",
    );
  }
  if (!(KEY_TYPES as readonly string[]).includes(type)) {
    throw new KeyToolError(
      `--type must be ecdsa or rsa (CloudFront key groups accept ECDSA P-256 and RSA 2048 keys); got ${JSON.stringify(type)}`,
    );
  }
  return {
    options: {
      projectDir,
      env: envName,
      type: type as KeyType,
      id,
      secret: secret
        ? { name: secretName, region, endpoint: env.EDGE_GATE_SECRETS_ENDPOINT || undefined }
        : undefined,
      privateKeyOut,
      homeDir,
      force,
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
