// Runs the shipped `keys` CLI (scripts/signing-key.ts) in a child process
// against a temporary project, and checks what a created key pair can do:
// cookies signed with the private half, as the cookie issuer signs them,
// must verify with the public key file the environment names.
import { execFile } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { getSignedCookies } from "@aws-sdk/cloudfront-signer";
import { cloudFrontPolicy } from "../../../scripts/signing-key/key-pair";
import { TYPESCRIPT_NODE_ARGS } from "../../support/typescript-node";

const ROOT = path.resolve(__dirname, "../../..");
const CLI = path.join(ROOT, "scripts/signing-key.ts");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  /** Stands for the project: environments/dev.ts, partners.ts (with a key already), qa.json. */
  project: string;
  /** HOME of the child: where the default private key file goes. */
  home: string;
  /** Outside both, for --private-key-out. */
  outside: string;
  remove: () => void;
}

export function makeSandbox(): Sandbox {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-keys-")));
  const project = path.join(root, "project");
  const envs = path.join(project, "environments");
  fs.mkdirSync(envs, { recursive: true });
  fs.writeFileSync(path.join(envs, "dev.ts"), "export default { name: 'dev' };\n");
  fs.writeFileSync(
    path.join(envs, "partners.ts"),
    "export default { name: 'partners', protection: { keys: [{ publicKey: 'keys/partners/k20260101.pem' }] } };\n",
  );
  fs.writeFileSync(path.join(envs, "qa.json"), '{ "name": "qa" }\n');
  // Not environments: the key tool must not offer them.
  fs.writeFileSync(path.join(envs, "types.d.ts"), "export {};\n");
  fs.mkdirSync(path.join(envs, "schema"));
  for (const dir of ["home", "outside"]) fs.mkdirSync(path.join(root, dir));
  return {
    project,
    home: path.join(root, "home"),
    outside: path.join(root, "outside"),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * `node tsx scripts/signing-key.ts <args> --project-dir <project>` with a
 * clean environment: dummy credentials, HOME in the sandbox, no INIT_CWD.
 */
export function runCli(
  sandbox: Sandbox,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, CLI, ...args, "--project-dir", sandbox.project],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: sandbox.home,
          AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
          AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          AWS_EC2_METADATA_DISABLED: "true",
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The key id the CLI reported. */
export function createdId(run: CliRun): string {
  const id = /key pair (\S+) for environment/.exec(run.stdout)?.[1];
  if (id === undefined) throw new Error(`no key created:\n${run.stdout}\n${run.stderr}`);
  return id;
}

/**
 * Fails if the output holds anything like key material: a PEM label, a long
 * base64 run, or any line of `privatePem` (when known).
 */
export function expectNoPrivateKey(run: CliRun, privatePem?: string): void {
  const output = run.stdout + run.stderr;
  expect(output).not.toMatch(/PRIVATE KEY|-----BEGIN/);
  expect(output).not.toMatch(/[A-Za-z0-9+/]{60,}/);
  for (const line of privatePem?.split("\n") ?? []) {
    if (line.length > 16 && !line.startsWith("-----")) expect(output).not.toContain(line);
  }
}

/** A failure as the CLI must report it: exit 1, one line on stderr, no stack. */
export function expectRefusal(run: CliRun, fragment: string | RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(run.stderr).toMatch(/^keys: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  if (typeof fragment === "string") expect(run.stderr).toContain(fragment);
  else expect(run.stderr).toMatch(fragment);
  expectNoPrivateKey(run);
}

/** Every file under `dir`, for "nothing written" and "no private key in the project". */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

// CloudFront's URL-safe base64: + = / become - _ ~.
const fromCloudFrontBase64 = (value: string) =>
  Buffer.from(value.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");

/**
 * Signs cookies for a prefix with `privatePem` through @aws-sdk/cloudfront-signer
 * (PKCS#1 v1.5 for RSA, DER ECDSA) and checks each signature with `publicPem`
 * the way CloudFront does. Returns the hash algorithms that verified.
 */
export function signCookiesAndVerify(
  privatePem: string,
  publicPem: string,
  algorithms: Array<"SHA1" | "SHA256">,
): string[] {
  const publicKey = createPublicKey(publicPem);
  const verified: string[] = [];
  for (const algorithm of algorithms) {
    const policy = cloudFrontPolicy(
      "https://d111111abcdef8.cloudfront.net/partners/*",
      new Date(Date.now() + 3600_000),
    );
    const cookies = getSignedCookies({
      policy,
      keyPairId: "K2JCJMDEHXQW5F",
      privateKey: privatePem,
      algorithm,
    });
    const signed = fromCloudFrontBase64(cookies["CloudFront-Policy"] as string);
    const signature = fromCloudFrontBase64(cookies["CloudFront-Signature"]);
    const digest = algorithm === "SHA1" ? "sha1" : "sha256";
    expect(signed.toString()).toBe(policy);
    // A changed policy must fail, or a passing verify would prove nothing.
    expect(
      verify(digest, Buffer.from(policy.replace("partners", "admin")), publicKey, signature),
    ).toBe(false);
    if (verify(digest, signed, publicKey, signature)) verified.push(algorithm);
  }
  return verified;
}
