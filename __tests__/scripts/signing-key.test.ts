// `npm run keys -- create`: the shipped CLI in a child process, against a
// temporary project and the Secrets Manager stand-in on loopback.
import { createPublicKey } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { readPublicKeyFile } from "../../environments/schema/signed-cookie";
import { verifyKeyPairRoundTrip } from "../../scripts/signing-key/key-pair";
import {
  startSecretsManagerStandIn,
  type SecretsManagerStandIn,
} from "../support/secrets-manager-stand-in";
import {
  createdId,
  expectNoPrivateKey,
  expectRefusal,
  filesUnder,
  makeSandbox,
  runCli,
  signCookiesAndVerify,
  type Sandbox,
} from "./support/signing-key-cli";

let standIn: SecretsManagerStandIn;
let sandbox: Sandbox;
let secretsEnv: Record<string, string>;

// A fresh project and an empty Secrets Manager for each test: key ids are
// dated, so two tests would otherwise meet on the same secret name.
beforeEach(async () => {
  sandbox = makeSandbox();
  standIn = await startSecretsManagerStandIn();
  secretsEnv = { EDGE_GATE_SECRETS_ENDPOINT: standIn.endpoint, AWS_REGION: standIn.region };
});
afterEach(async () => {
  await standIn.close();
  // The private key never lands in the project, whatever the test did.
  for (const file of filesUnder(sandbox.project)) {
    expect(fs.readFileSync(file, "utf8")).not.toContain("PRIVATE KEY");
  }
  sandbox.remove();
});

const publicFile = (env: string, id: string) =>
  path.join(sandbox.project, "environments", "keys", env, `${id}.pem`);

const KEY_TYPES = [
  { type: "ecdsa", keyType: "ECDSA P-256", algorithms: ["SHA256"] },
  { type: "rsa", keyType: "RSA 2048", algorithms: ["SHA256", "SHA1"] },
] as const;

/** The public key is exactly what was asked for, and the environment schema accepts its file. */
function expectPublicKey(env: string, id: string, type: "ecdsa" | "rsa"): string {
  const file = publicFile(env, id);
  const read = readPublicKeyFile(file, `keys/${env}/${id}.pem`);
  expect(read).toHaveProperty("pem");
  const pem = fs.readFileSync(file, "utf8");
  expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
  const key = createPublicKey(pem);
  if (type === "rsa") {
    expect(key.asymmetricKeyType).toBe("rsa");
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
  } else {
    expect(key.asymmetricKeyType).toBe("ec");
    expect(key.asymmetricKeyDetails).toMatchObject({ namedCurve: "prime256v1" });
  }
  return pem;
}

describe("keys create: key pairs that round-trip", () => {
  test.each(KEY_TYPES)(
    "stores a $keyType private key in Secrets Manager that signs cookies the environment's public key verifies",
    async ({ type, keyType, algorithms }) => {
      const run = await runCli(
        sandbox,
        ["create", "partners", "--type", type, "--secret"],
        secretsEnv,
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const id = createdId(run);
      expect(id).toMatch(/^k\d{8}$/);
      const publicPem = expectPublicKey("partners", id, type);
      const secretName = `edge-gate/partners/cloudfront-key/${id}`;
      const privatePem = standIn.value(secretName) as string;
      expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/); // PKCS#8
      expect(signCookiesAndVerify(privatePem, publicPem, [...algorithms])).toEqual(algorithms);
      expect(verifyKeyPairRoundTrip(privatePem, publicPem)).toEqual({
        keyType,
        digests: algorithms.map((a) => a.toLowerCase()),
      });
      expect(run.stdout).toContain(`Created ${keyType} key pair ${id} for environment partners.`);
      expect(run.stdout).toContain(
        `{ id: "${id}", publicKey: "keys/partners/${id}.pem", secret: "${secretName}", active: false }`,
      );
      expect(run.stdout).toContain(`new secret ${secretName} in ${standIn.region}`);
      expect(run.stdout).toContain(`1. npx cdktf deploy partners: CloudFront trusts ${id} too`);
      expectNoPrivateKey(run, privatePem);
    },
  );

  test.each(KEY_TYPES)(
    "writes a $keyType private key readable by its owner only, outside the project, that signs what the public key verifies",
    async ({ type, algorithms }) => {
      const out = path.join(sandbox.outside, "new-dir", "signing.pem");
      const run = await runCli(sandbox, [
        "create",
        "dev",
        "--type",
        type,
        "--private-key-out",
        out,
      ]);
      expect(run.code).toBe(0);
      const id = createdId(run);
      const publicPem = expectPublicKey("dev", id, type);
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(out)).mode & 0o777).toBe(0o700);
      const privatePem = fs.readFileSync(out, "utf8");
      expect(signCookiesAndVerify(privatePem, publicPem, [...algorithms])).toEqual(algorithms);
      expect(run.stdout).toContain(`private key: ${out} (mode 0600`);
      expect(run.stdout).toContain(`--secret-string file://${out}`);
      expectNoPrivateKey(run, privatePem);
    },
  );

  test("writes the private key under ~/.edge-gate/<env>/ by default, and takes k<date>-2 when today's id is taken", async () => {
    const first = await runCli(sandbox, ["create", "qa"]);
    const second = await runCli(sandbox, ["create", "qa"]);
    const [id1, id2] = [createdId(first), createdId(second)];
    expect(id2).toBe(`${id1}-2`);
    for (const id of [id1, id2]) {
      const file = path.join(sandbox.home, ".edge-gate", "qa", `${id}.pem`);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const privatePem = fs.readFileSync(file, "utf8");
      expect(
        signCookiesAndVerify(privatePem, expectPublicKey("qa", id, "ecdsa"), ["SHA256"]),
      ).toEqual(["SHA256"]);
    }
    expect(fs.statSync(path.join(sandbox.home, ".edge-gate")).mode & 0o777).toBe(0o700);
    // A JSON environment gets a JSON entry.
    expect(second.stdout).toContain(
      `{"id":"${id2}","publicKey":"keys/qa/${id2}.pem","secret":"edge-gate/qa/cloudfront-key/${id2}","active":false}`,
    );
  });
});

describe("keys create: refusals", () => {
  test("refuses an unknown environment, listing the environments", async () => {
    const run = await runCli(sandbox, [
      "create",
      "staging",
      "--private-key-out",
      path.join(sandbox.outside, "k.pem"),
    ]);
    expectRefusal(
      run,
      'keys: unknown environment "staging"; environments: dev, partners, qa (files in environments/)',
    );
    const traversal = await runCli(sandbox, ["create", "../environments/dev"]);
    expectRefusal(traversal, 'unknown environment "../environments/dev"');
    expect(fs.readdirSync(sandbox.outside)).toEqual([]);
    expect(fs.existsSync(path.join(sandbox.home, ".edge-gate"))).toBe(false);
  });

  test("refuses to replace an existing public key without --force, and replaces it with --force", async () => {
    const [a, b] = ["a.pem", "b.pem"].map((f) => path.join(sandbox.outside, f));
    expect(
      (await runCli(sandbox, ["create", "dev", "--id", "k1", "--private-key-out", a])).code,
    ).toBe(0);
    const before = fs.readFileSync(publicFile("dev", "k1"), "utf8");

    const refused = await runCli(sandbox, ["create", "dev", "--id", "k1", "--private-key-out", b]);
    expectRefusal(
      refused,
      "environments/keys/dev/k1.pem already exists; pass --force to replace it",
    );
    expect(fs.readFileSync(publicFile("dev", "k1"), "utf8")).toBe(before);
    expect(fs.existsSync(b)).toBe(false);

    const forced = await runCli(sandbox, [
      "create",
      "dev",
      "--id",
      "k1",
      "--private-key-out",
      b,
      "--force",
    ]);
    expect(forced.code).toBe(0);
    const after = fs.readFileSync(publicFile("dev", "k1"), "utf8");
    expect(after).not.toBe(before);
    expect(signCookiesAndVerify(fs.readFileSync(b, "utf8"), after, ["SHA256"])).toEqual(["SHA256"]);
  });

  test("refuses a private key path inside the project, also through a symlink, writing nothing", async () => {
    fs.symlinkSync(sandbox.project, path.join(sandbox.outside, "link"));
    for (const out of [
      path.join(sandbox.project, "secrets", "k.pem"),
      path.join(sandbox.project, "environments", "keys", "dev", "k.private.pem"),
      path.join(sandbox.outside, "link", "k.pem"),
    ]) {
      const run = await runCli(sandbox, ["create", "dev", "--private-key-out", out]);
      expectRefusal(run, `refusing to write the private key inside the project (${out})`);
    }
    expect(
      filesUnder(sandbox.project)
        .map((f) => path.relative(sandbox.project, f))
        .sort(),
    ).toEqual([
      "environments/dev.ts",
      "environments/partners.ts",
      "environments/qa.json",
      "environments/types.d.ts",
    ]);
  });

  test.each([
    [
      ["--type", "ed25519"],
      '--type must be ecdsa or rsa (CloudFront key groups accept ECDSA P-256 and RSA 2048 keys); got "ed25519"',
    ],
    [["--type", "rsa4096"], "--type must be ecdsa or rsa"],
    [
      ["--id", "K1"],
      `--id must be 1-32 lowercase letters, digits and '-', starting with a letter or digit (e.g. k20261123); got "K1"`,
    ],
    [["--id", "../k1"], "--id must be 1-32 lowercase letters"],
    [["--id", "k".repeat(33)], "--id must be 1-32 lowercase letters"],
    [["--id", "-k1"], "--id needs a value"],
    [
      ["--secret", "--private-key-out", "elsewhere.pem"],
      "--secret and --private-key-out exclude each other",
    ],
    [["--secret", "bad name!"], "--secret must be a secret name"],
    [["--bogus"], "unknown option --bogus"],
  ])("refuses %j with a one-line message", async (args, message) => {
    const run = await runCli(sandbox, ["create", "dev", ...args], secretsEnv);
    expectRefusal(run, message);
    expect(fs.existsSync(path.join(sandbox.project, "environments", "keys"))).toBe(false);
  });

  test("asks for a region when --secret has none", async () => {
    const run = await runCli(sandbox, ["create", "dev", "--secret"], {
      EDGE_GATE_SECRETS_ENDPOINT: standIn.endpoint,
    });
    expectRefusal(run, "--secret needs a region: pass --region <aws-region>");
  });

  test("refuses a secret that exists, and with --force puts the new key as its current version", async () => {
    const name = "edge-gate/dev/cloudfront-key/k7";
    standIn.put(name, "the previous value");
    const refused = await runCli(sandbox, ["create", "dev", "--id", "k7", "--secret"], secretsEnv);
    expectRefusal(refused, `secret ${name} already exists in ${standIn.region}; pass --force`);
    expect(standIn.value(name)).toBe("the previous value");
    expect(fs.existsSync(publicFile("dev", "k7"))).toBe(false);

    const forced = await runCli(
      sandbox,
      ["create", "dev", "--id", "k7", "--secret", "--force"],
      secretsEnv,
    );
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`new current version of the existing secret ${name}`);
    const privatePem = standIn.value(name) as string;
    const publicPem = fs.readFileSync(publicFile("dev", "k7"), "utf8");
    expect(signCookiesAndVerify(privatePem, publicPem, ["SHA256"])).toEqual(["SHA256"]);
    expectNoPrivateKey(forced, privatePem);
  });

  test("stores under the --secret name given, in the --region given", async () => {
    const run = await runCli(
      sandbox,
      ["create", "dev", "--type", "rsa", "--secret", "team/cf-signing", "--region", standIn.region],
      { EDGE_GATE_SECRETS_ENDPOINT: standIn.endpoint },
    );
    expect(run.code).toBe(0);
    const publicPem = fs.readFileSync(publicFile("dev", createdId(run)), "utf8");
    expect(
      signCookiesAndVerify(standIn.value("team/cf-signing") as string, publicPem, ["SHA1"]),
    ).toEqual(["SHA1"]);
    expect(run.stdout).toContain('secret: "team/cf-signing"');
  });

  test("names the missing permission when Secrets Manager denies access, writing no public key", async () => {
    standIn.fault = "access-denied";
    const run = await runCli(sandbox, ["create", "dev", "--secret"], secretsEnv);
    expectRefusal(
      run,
      /^keys: access denied by Secrets Manager \(CreateSecret on secret edge-gate\/dev\/cloudfront-key\/k\d{8} in eu-west-1\): your AWS identity needs secretsmanager:CreateSecret \(and secretsmanager:TagResource/,
    );
    expect(fs.existsSync(path.join(sandbox.project, "environments", "keys"))).toBe(false);
  });

  test("says Secrets Manager cannot be reached, in one line", async () => {
    standIn.fault = "server-error";
    const run = await runCli(sandbox, ["create", "dev", "--secret"], secretsEnv);
    expectRefusal(run, /Secrets Manager CreateSecret failed on secret .* InternalServiceError/);
  });
});
