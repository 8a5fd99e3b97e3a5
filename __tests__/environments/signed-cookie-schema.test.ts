// Signed-cookie environment files: public keys read and checked, and each
// mistake in the mode's settings fails with the file, the field and what is
// allowed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import partners from "../../environments/partners";
import {
  loadEnvironments,
  validateEnvironment,
  type Problem,
} from "../../environments/schema/load";
import type { AnyConfig } from "../support/environment-problems";
import { pooledKeyPair } from "../support/key-pool";
import { shippedEnvironment } from "../support/synth";

describe("signed-cookie environments", () => {
  let dir: string;
  const publicPem = (k: { publicKey: KeyObject }) =>
    k.publicKey.export({ type: "spki", format: "pem" }).toString();
  beforeAll(() => {
    // Keys of every kind, in a throw-away environments directory of their own.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-keys-"));
    fs.mkdirSync(path.join(dir, "keys"));
    const p256 = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const rsa1024 = pooledKeyPair({ type: "rsa", modulusLength: 1024 });
    const files: Record<string, string> = {
      "p256.pem": publicPem(p256),
      "p256-next.pem": publicPem(generateKeyPairSync("ec", { namedCurve: "prime256v1" })),
      "rsa2048.pem": publicPem(pooledKeyPair({ type: "rsa", modulusLength: 2048 })),
      "rsa1024.pem": publicPem(rsa1024),
      "rsa-pkcs1.pem": rsa1024.publicKey.export({ type: "pkcs1", format: "pem" }).toString(),
      "p384.pem": publicPem(generateKeyPairSync("ec", { namedCurve: "secp384r1" })),
      "ed25519.pem": publicPem(generateKeyPairSync("ed25519")),
      "private.pem": p256.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      "garbage.pem": "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n",
    };
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, "keys", name), text);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const key = (id: string, file: string, active = false) => ({
    id,
    publicKey: `keys/${file}`,
    secret: `edge-gate/broken/${id}`,
    active,
  });

  /** The problems of environments/partners.ts changed by `change`, its keys read from `dir`. */
  function signedProblemsOf(change: (env: AnyConfig) => void): Problem[] {
    const env = JSON.parse(JSON.stringify(partners)) as AnyConfig;
    env.name = "broken";
    env.protection.keys = [key("k1", "p256.pem", true)];
    change(env);
    return validateEnvironment(env, path.join(dir, "broken.ts")).problems;
  }

  function expectSignedProblem(change: (env: AnyConfig) => void, field: string, allowed: RegExp) {
    expect(signedProblemsOf(change)).toEqual(
      expect.arrayContaining([
        { file: expect.any(String), field, message: expect.stringMatching(allowed) },
      ]),
    );
  }

  it("ships partners with its public key read, checked and carried as PEM", () => {
    const { protection } = shippedEnvironment("partners");
    expect(protection).toEqual({
      mode: "signed-cookie",
      keys: [
        {
          id: "k20261123",
          publicKey: "keys/partners/k20261123.pem",
          publicKeyPem: expect.stringMatching(
            /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n$/,
          ),
          secret: "edge-gate/partners/cloudfront-key/k20261123",
          active: true,
        },
      ],
      hashAlgorithm: "SHA256",
      cookieLifetimeMinutes: 60,
      signedUrlLifetimeMinutes: 15,
      paths: {
        public: ["/index.html", "/favicon.ico", "/assets/"],
        groups: [{ group: "partners", prefix: "/partners/" }],
        users: ["/users/{sub}/"],
      },
      corsAllowedOrigins: [],
      afterLogoutPath: "/",
    });
  });

  it("accepts RSA 2048 and ECDSA P-256 keys, secrets by name or home-region ARN", () => {
    expect(
      signedProblemsOf((e) => {
        e.protection.keys = [
          key("k1", "p256.pem", true),
          {
            ...key("k2", "rsa2048.pem"),
            secret: "arn:aws:secretsmanager:us-west-2:123456789012:secret:k2-AbCdEf",
          },
        ];
      }),
    ).toEqual([]);
  });

  it("reads key files relative to the environment file's own directory", () => {
    const file = path.join(dir, "qa.json");
    const qa = { ...JSON.parse(JSON.stringify(partners)), name: "qa" };
    qa.protection.keys = [key("k1", "p256-next.pem", true)];
    fs.writeFileSync(file, JSON.stringify(qa));
    try {
      expect(loadEnvironments(dir).map((e) => e.name)).toEqual(["qa"]);
    } finally {
      fs.rmSync(file);
    }
  });

  it.each([
    [
      "a missing file",
      "missing.pem",
      /no readable file keys\/missing\.pem .*RSA 2048-bit or ECDSA P-256/,
    ],
    ["a private key", "private.pem", /holds a private key: keep it in Secrets Manager only/],
    ["an RSA 1024-bit key", "rsa1024.pem", /RSA 2048-bit or ECDSA P-256 key; got RSA 1024-bit$/],
    ["an EC P-384 key", "p384.pem", /RSA 2048-bit or ECDSA P-256 key; got EC secp384r1$/],
    ["an Ed25519 key", "ed25519.pem", /got ed25519$/],
    ["a PKCS#1 RSA PEM", "rsa-pkcs1.pem", /SPKI public key PEM .*; got "RSA PUBLIC KEY"$/],
    ["a PEM that is no key", "garbage.pem", /not a readable public key/],
  ])("refuses %s as a public key, saying what is allowed", (_, file, allowed) => {
    expectSignedProblem(
      (e) => (e.protection.keys = [key("k1", file, true)]),
      "protection.keys.0.publicKey",
      allowed,
    );
  });

  it("refuses a public key path outside the environments directory", () => {
    expectSignedProblem(
      (e) => (e.protection.keys[0].publicKey = "../keys/p256.pem"),
      "protection.keys.0.publicKey",
      /relative to the environments directory, without '\.\.'/,
    );
  });

  it("refuses two active keys, and none", () => {
    expectSignedProblem(
      (e) => (e.protection.keys = [key("k1", "p256.pem", true), key("k2", "p256-next.pem", true)]),
      "protection.keys",
      /exactly one key must be active .*; k1, k2 are$/,
    );
    expectSignedProblem(
      (e) => (e.protection.keys = [key("k1", "p256.pem"), key("k2", "p256-next.pem")]),
      "protection.keys",
      /exactly one key must be active .*; none is$/,
    );
  });

  it("refuses a key id used twice", () => {
    expectSignedProblem(
      (e) => (e.protection.keys = [key("k1", "p256.pem", true), key("k1", "p256-next.pem")]),
      "protection.keys.1.id",
      /"k1" is used twice; key ids must be unique/,
    );
  });

  it("refuses no keys and more than four", () => {
    expectSignedProblem((e) => (e.protection.keys = []), "protection.keys", /1 to 4 keys/);
    expectSignedProblem(
      (e) => {
        e.protection.keys = ["a", "b", "c", "d", "e"].map((id) => key(id, "p256.pem", id === "a"));
      },
      "protection.keys",
      /1 to 4 keys/,
    );
  });

  it.each([
    ["keys.0.id", "K1", /1-32 lowercase letters, digits and '-'/],
    ["keys.0.id", "x".repeat(33), /1-32 lowercase letters/],
    [
      "keys.0.secret",
      "my secret",
      /a Secrets Manager secret name .* or a full arn:aws:secretsmanager/,
    ],
    ["keys.0.secret", "arn:aws:s3:::bucket", /a Secrets Manager secret name/],
    [
      "keys.0.secret",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf",
      /a secret in the home region \(us-west-2\).*got one in eu-west-1/,
    ],
    ["keys.0.active", "yes", /expected boolean/],
    ["hashAlgorithm", "SHA512", /"SHA256"\|"SHA1"/],
    ["cookieLifetimeMinutes", 4, /a whole number of minutes from 5 to 1440/],
    ["cookieLifetimeMinutes", 1441, /a whole number of minutes from 5 to 1440/],
    ["signedUrlLifetimeMinutes", 0, /a whole number of minutes from 1 to 1440/],
    ["signedUrlLifetimeMinutes", 2.5, /a whole number of minutes from 1 to 1440/],
    ["corsAllowedOrigins.0", "https://app.example.com/", /scheme:\/\/host\[:port\]/],
    ["afterLogoutPath", "//evil.example/", /starting with a single '\/'/],
    ["allowedClients.0", "mobile", /no app client named "mobile"; allowed: portal/],
  ])("rejects %s = %j, saying what is allowed", (field, value, allowed) => {
    expectSignedProblem(
      (e) => {
        const at = field.split(".");
        let target = e.protection;
        for (const step of at.slice(0, -1)) target = target[step] ??= [];
        target[at[at.length - 1]] = value;
      },
      `protection.${field}`,
      allowed,
    );
  });

  it.each([
    ["public.1", (e: AnyConfig) => (e.protection.paths.public = ["/index.html", "/img/*.png"])],
    ["groups.0.prefix", (e: AnyConfig) => (e.protection.paths.groups[0].prefix = "/p*/")],
    ["users.0", (e: AnyConfig) => (e.protection.paths.users = ["/users/{sub}/*/"])],
  ])("refuses '*' in paths.%s: CloudFront would read a wildcard", (field, change) => {
    expectSignedProblem(change, `protection.paths.${field}`, /no '\*' or '\?': CloudFront reads/);
  });

  it("refuses '/' as a public path and more public paths than cache behaviours allow", () => {
    expectSignedProblem(
      (e) => (e.protection.paths.public = ["/"]),
      "protection.paths.public.0",
      /'\/' would make every path public/,
    );
    expectSignedProblem(
      (e) => (e.protection.paths.public = Array.from({ length: 21 }, (_, i) => `/p${i}/`)),
      "protection.paths.public",
      /at most 20 public paths/,
    );
  });

  it("refuses an exact path that another protected rule continues below: the issuer could not issue both", () => {
    const problems = signedProblemsOf(
      (e) =>
        (e.protection.paths = {
          public: ["/index.html"],
          groups: [{ group: "partners", prefix: "/reports" }],
          users: ["/reports/{sub}/"],
        }),
    );
    expect(problems.map(({ field, message }) => ({ field, message }))).toEqual([
      {
        field: "protection.paths.groups.0.prefix",
        message:
          '"/reports" is an exact path that protection.paths.users.0 ("/reports/{sub}/") continues below: a browser would send both cookie sets on one request, and the cookie issuer refuses to issue them',
      },
    ]);
  });

  it("keeps the shared rule vocabulary: user rules need {sub}", () => {
    expectSignedProblem(
      (e) => (e.protection.paths.users = ["/users/"]),
      "protection.paths.users.0",
      /'\{sub\}'/,
    );
  });

  it("reports key-file problems together with the others", () => {
    const problems = signedProblemsOf((e) => {
      e.protection.keys = [key("k1", "missing.pem", true), key("k1", "p256.pem", true)];
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      "protection.keys",
      "protection.keys.0.publicKey",
      "protection.keys.1.id",
    ]);
  });
});
