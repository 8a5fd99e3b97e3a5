// Environment files: the shipped ones are valid, and each kind of mistake
// fails with the file, the field and what is allowed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import partners from "../../environments/partners";
import {
  EnvironmentError,
  loadEnvironments,
  validateEnvironment,
  type Problem,
} from "../../environments/schema/load";
import { environmentJsonSchema, JSON_SCHEMA_FILE } from "../../scripts/environment-json-schema";
import { shippedEnvironment } from "../support/synth";

const FILE = "environments/broken.ts";

// Bad configs are untyped on purpose: they are what a typo would produce.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyConfig = Record<string, any>;

/** The problems of `dev` changed by `change`, validated as if it were environments/broken.ts. */
function problemsOf(change: (env: AnyConfig) => void): Problem[] {
  const env = JSON.parse(JSON.stringify(shippedEnvironment("dev"))) as AnyConfig;
  env.name = "broken";
  change(env);
  return validateEnvironment(env, FILE).problems;
}

function expectProblem(problems: Problem[], field: string, allowed: RegExp): void {
  expect(problems).toEqual(
    expect.arrayContaining([{ file: FILE, field, message: expect.stringMatching(allowed) }]),
  );
}

describe("shipped environments", () => {
  it("are all valid, with at least dev and one custom-domain environment", () => {
    const envs = loadEnvironments();
    expect(envs.map((e) => e.name)).toEqual(expect.arrayContaining(["dev", "prod"]));
    expect(envs.find((e) => e.name === "dev")?.protection.mode).toBe("bearer-jwt");
    expect(envs.some((e) => e.customDomain && e.protection.mode === "bearer-jwt")).toBe(true);
  });
});

describe("a bad environment names the file, the field and what is allowed", () => {
  it("unknown protection mode", () => {
    expectProblem(
      problemsOf((e) => (e.protection.mode = "magic-link")),
      "protection.mode",
      /allowed: \["bearer-jwt"/,
    );
  });

  it("bad home region", () => {
    expectProblem(
      problemsOf((e) => (e.homeRegion = "mars-1")),
      "homeRegion",
      /AWS .*region code/,
    );
  });

  it("missing mode settings", () => {
    expectProblem(
      problemsOf((e) => (e.protection = { mode: "bearer-jwt" })),
      "protection.paths",
      /required/,
    );
  });

  it("missing protection altogether", () => {
    expectProblem(
      problemsOf((e) => delete e.protection),
      "protection",
      /required/,
    );
  });

  it("bad bucket name", () => {
    expectProblem(
      problemsOf((e) => {
        delete e.bucket.namePrefix;
        e.bucket.name = "My_Bucket";
      }),
      "bucket.name",
      /lowercase letters, digits/,
    );
  });

  it("both a bucket name and a prefix", () => {
    expectProblem(
      problemsOf((e) => (e.bucket.name = "edge-gate-content")),
      "bucket",
      /exactly one of `name` or `namePrefix`/,
    );
  });

  it("callback URL not https", () => {
    expectProblem(
      problemsOf((e) => (e.cognito.appClients[0].callbackUrls = ["http://app.example.com/cb"])),
      "cognito.appClients.0.callbackUrls.0",
      /https:\/\/ URL \(http:\/\/ only for localhost\)/,
    );
  });

  it("unknown field", () => {
    expectProblem(
      problemsOf((e) => (e.cognito.mfaMode = "on")),
      "cognito",
      /unknown field "mfaMode"; allowed: .*mfa/,
    );
  });

  it("unknown field at the top level", () => {
    expectProblem(
      problemsOf((e) => (e.regoin = "x")),
      "(top level)",
      /unknown field "regoin"/,
    );
  });

  it("bad MFA setting", () => {
    expectProblem(
      problemsOf((e) => (e.cognito.mfa = "sometimes")),
      "cognito.mfa",
      /"off"\|"optional"\|"on"/,
    );
  });

  it("CORS origin with a path", () => {
    expectProblem(
      problemsOf((e) => (e.bucket.corsAllowedOrigins = ["https://app.example.com/"])),
      "bucket.corsAllowedOrigins.0",
      /scheme:\/\/host\[:port\]/,
    );
  });

  it("user rule without {sub}", () => {
    expectProblem(
      problemsOf((e) => (e.protection.paths.users = ["/users/"])),
      "protection.paths.users.0",
      /'\{sub\}'/,
    );
  });

  it("path rule with dot segments", () => {
    expectProblem(
      problemsOf((e) => (e.protection.paths.public = ["/public/../private/"])),
      "protection.paths.public.0",
      /'\.\.'/,
    );
  });

  it("allowed client that does not exist", () => {
    expectProblem(
      problemsOf((e) => (e.protection.allowedClients = ["mobile"])),
      "protection.allowedClients.0",
      /no app client named "mobile"; allowed: web/,
    );
  });

  it("bad account id", () => {
    expectProblem(
      problemsOf((e) => (e.allowedAccountIds = ["1234"])),
      "allowedAccountIds.0",
      /12-digit/,
    );
  });

  it("custom domain without a zone", () => {
    expectProblem(
      problemsOf((e) => (e.customDomain = { domainName: "files.example.com" })),
      "customDomain.route53ZoneId",
      /required/,
    );
  });

  it("S3 backend without a bucket", () => {
    expectProblem(
      problemsOf((e) => (e.backend = { type: "s3", key: "k", region: "eu-west-1" })),
      "backend.bucket",
      /required/,
    );
  });

  it("unknown backend type", () => {
    expectProblem(
      problemsOf((e) => (e.backend = { type: "gcs" })),
      "backend.type",
      /allowed: \["local","s3"\]/,
    );
  });

  it("a name that differs from the file name", () => {
    expectProblem(
      problemsOf((e) => (e.name = "staging")),
      "name",
      /must match the file name/,
    );
  });

  it("collects every problem at once", () => {
    const problems = problemsOf((e) => {
      e.homeRegion = "nowhere";
      e.cognito.mfa = "maybe";
      e.extra = true;
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      "(top level)",
      "cognito.mfa",
      "homeRegion",
    ]);
  });
});

describe("synth with a bad environment file", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-envs-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("throws one EnvironmentError that lists every file's problems", () => {
    fs.writeFileSync(
      path.join(dir, "qa.ts"),
      'export default { name: "qa", homeRegion: "eu-west-9" };\n',
    );
    fs.writeFileSync(path.join(dir, "empty.ts"), "export const nothing = 1;\n");
    let error: unknown;
    try {
      loadEnvironments(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    expect(message).toMatch(/qa\.ts: homeRegion: an AWS commercial region code/);
    expect(message).toMatch(/qa\.ts: protection: required/);
    expect(message).toMatch(/empty\.ts: \(file\): must `export default` the environment object/);
  });

  it("fails `tsx main.ts` with the message and no stack trace", () => {
    const project = path.resolve(__dirname, "../..");
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-project-"));
    try {
      for (const entry of [
        "main.ts",
        "environments",
        "stacks",
        "functions",
        "package.json",
        "tsconfig.json",
      ]) {
        fs.cpSync(path.join(project, entry), path.join(copy, entry), { recursive: true });
      }
      fs.symlinkSync(path.join(project, "node_modules"), path.join(copy, "node_modules"));
      fs.writeFileSync(
        path.join(copy, "environments", "qa.ts"),
        'export default { name: "qa", homeRegion: "eu-west-1", protection: { mode: "nope" } };\n',
      );
      let stderr = "";
      let status = 0;
      try {
        execFileSync(
          process.execPath,
          [path.join(project, "node_modules/tsx/dist/cli.mjs"), "main.ts"],
          {
            cwd: copy,
            stdio: "pipe",
            env: { ...process.env, CHECKPOINT_DISABLE: "1" },
          },
        );
      } catch (err) {
        const e = err as { status: number; stderr: Buffer };
        status = e.status;
        stderr = e.stderr.toString();
      }
      expect(status).toBe(1);
      expect(stderr).toMatch(
        /environments\/qa\.ts: protection\.mode: unknown protection mode; allowed: \["bearer-jwt","session-cookie","signed-cookie"\]/,
      );
      expect(stderr).toMatch(/environments\/qa\.ts: bucket: required/);
      expect(stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe("strings Terraform would misread", () => {
  it("rejects a template sequence in any field", () => {
    expectProblem(
      problemsOf((e) => (e.protection.loginUrl = "https://app.example.com/${var.x}")),
      "protection.loginUrl",
      /must not contain '\$\{' or '%\{'/,
    );
    expectProblem(
      problemsOf((e) => (e.tags = { owner: "%{if true}x%{endif}" })),
      "tags.owner",
      /Terraform would read it as a template/,
    );
  });
});

describe("identity header", () => {
  it("refuses header families CloudFront keeps from Lambda@Edge", () => {
    expectProblem(
      problemsOf((e) => (e.protection.identityHeader = "x-edge-user")),
      "protection.identityHeader",
      /CloudFront reserves them/,
    );
  });
});

describe("JSON environment files", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-json-envs-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("loads a .json environment like a .ts one", () => {
    const qa = { ...JSON.parse(JSON.stringify(shippedEnvironment("dev"))), name: "qa" };
    fs.writeFileSync(path.join(dir, "qa.json"), JSON.stringify(qa));
    expect(loadEnvironments(dir).map((e) => e.name)).toEqual(["qa"]);
  });

  it("names the file of a JSON syntax error", () => {
    fs.writeFileSync(path.join(dir, "qa.json"), "{ name: qa }");
    expect(() => loadEnvironments(dir)).toThrow(/qa\.json: \(file\): cannot be loaded/);
  });

  it("refuses two files for one environment", () => {
    const qa = { ...JSON.parse(JSON.stringify(shippedEnvironment("dev"))), name: "qa" };
    fs.writeFileSync(path.join(dir, "qa.json"), JSON.stringify(qa));
    fs.writeFileSync(path.join(dir, "qa.ts"), `export default ${JSON.stringify(qa)};\n`);
    expect(() => loadEnvironments(dir)).toThrow(
      /qa\.ts: name: another file already defines environment "qa"/,
    );
  });
});

describe("JSON Schema for editors", () => {
  it("is committed up to date with the zod schema (npm run schema)", () => {
    expect(fs.readFileSync(JSON_SCHEMA_FILE, "utf8")).toBe(environmentJsonSchema());
  });

  it("lets a JSON environment name it in $schema", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-schema-ref-"));
    try {
      const qa = { ...JSON.parse(JSON.stringify(shippedEnvironment("dev"))), name: "qa" };
      const file = { $schema: "./schema/environment.schema.json", ...qa };
      fs.writeFileSync(path.join(dir, "qa.json"), JSON.stringify(file));
      expect(loadEnvironments(dir).map((e) => e.name)).toEqual(["qa"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("session-cookie environments", () => {
  /** The problems of `staging` changed by `change`, validated as environments/broken.ts. */
  function sessionProblemsOf(change: (env: AnyConfig) => void): Problem[] {
    const env = JSON.parse(JSON.stringify(shippedEnvironment("staging"))) as AnyConfig;
    env.name = "broken";
    change(env);
    return validateEnvironment(env, FILE).problems;
  }

  it("ships a valid session-cookie environment with the documented defaults filled in", () => {
    const staging = shippedEnvironment("staging");
    expect(staging.protection).toEqual({
      mode: "session-cookie",
      sessionLifetimeHours: 8,
      idleTimeoutMinutes: 60,
      cookieName: "__Host-edge-gate-session",
      lookupCacheSeconds: 300,
      publicPaths: ["/index.html", "/favicon.ico", "/public/"],
      replicaRegions: ["us-east-1"],
      afterLogoutPath: "/",
      identityHeader: "x-gate-sub",
    });
  });

  it("fills every default when only the mode is given", () => {
    const { problems, environment } = validateEnvironment(
      {
        ...JSON.parse(JSON.stringify(shippedEnvironment("staging"))),
        protection: { mode: "session-cookie" },
      },
      "environments/staging.ts",
    );
    expect(problems).toEqual([]);
    expect(environment?.protection).toMatchObject({
      idleTimeoutMinutes: null,
      publicPaths: [],
      replicaRegions: [],
    });
  });

  it("lists session-cookie among the allowed modes", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.mode = "session-cookies")),
      "protection.mode",
      /allowed: \["bearer-jwt","session-cookie","signed-cookie"\]/,
    );
  });

  it("refuses bearer-JWT settings in session-cookie mode, naming the allowed fields", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.paths = { public: [] })),
      "protection",
      /unknown field "paths"; allowed: .*publicPaths/,
    );
  });

  it.each([
    ["sessionLifetimeHours", 0, /a whole number of hours from 1 to 720/],
    ["sessionLifetimeHours", 721, /a whole number of hours from 1 to 720/],
    ["sessionLifetimeHours", 1.5, /a whole number of hours from 1 to 720/],
    ["idleTimeoutMinutes", 4, /a whole number of minutes from 5 to 1440/],
    ["idleTimeoutMinutes", 1441, /a whole number of minutes from 5 to 1440/],
    ["lookupCacheSeconds", -1, /a whole number of seconds from 0 to 3600/],
    ["lookupCacheSeconds", 3601, /a whole number of seconds from 0 to 3600/],
    ["lookupCacheSeconds", 2.5, /a whole number of seconds from 0 to 3600/],
    ["cookieName", "my session", /a cookie name of 1-64 letters, digits or/],
    ["cookieName", "a;b", /a cookie name of 1-64 letters, digits or/],
    ["cookieName", "", /a cookie name of 1-64/],
    ["cookieName", "x".repeat(65), /a cookie name of 1-64/],
    ["afterLogoutPath", "https://evil.example/", /starting with a single '\/'/],
    ["afterLogoutPath", "//evil.example/", /starting with a single '\/'/],
    ["afterLogoutPath", "/bye?x=1", /without .*'\?'/],
    ["afterLogoutPath", "/a/../b", /no '\.' or '\.\.' segments/],
    ["identityHeader", "x-amz-user", /CloudFront reserves them/],
    ["identityHeader", "X-User", /lowercase header name starting with 'x-'/],
  ])("rejects %s = %j, saying what is allowed", (field, value, allowed) => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection[field] = value)),
      `protection.${field}`,
      allowed,
    );
  });

  it("accepts __Host- and __Secure- cookie names and plain tokens", () => {
    for (const name of ["__Host-s", "__Secure-s", "session_id", "s!#$%&'*+-.^_`|~"]) {
      expect(sessionProblemsOf((e) => (e.protection.cookieName = name))).toEqual([]);
    }
  });

  it("rejects public paths that are not static prefixes", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.publicPaths = ["/users/{sub}/"])),
      "protection.publicPaths.0",
      /no '\{' or '\}'/,
    );
    expectProblem(
      sessionProblemsOf((e) => (e.protection.publicPaths = ["public/"])),
      "protection.publicPaths.0",
      /a path starting with '\/'/,
    );
  });

  it("rejects '/' as a public path: as a folder it would make everything public", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.publicPaths = ["/", "/index.html"])),
      "protection.publicPaths.0",
      /'\/' would make every path public; list \/index\.html/,
    );
  });

  it("rejects an idle timeout as long as the session lifetime or longer", () => {
    expectProblem(
      sessionProblemsOf((e) => {
        e.protection.sessionLifetimeHours = 1;
        e.protection.idleTimeoutMinutes = 60;
      }),
      "protection.idleTimeoutMinutes",
      /must be shorter than the session lifetime \(1 h = 60 min\), or null/,
    );
    expect(
      sessionProblemsOf((e) => {
        e.protection.sessionLifetimeHours = 2;
        e.protection.idleTimeoutMinutes = 119;
      }),
    ).toEqual([]);
  });

  it("rejects an unknown replica region", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.replicaRegions = ["us-east-1", "moon-1"])),
      "protection.replicaRegions.1",
      /an AWS commercial region code/,
    );
  });

  it("rejects a replica region listed twice", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.replicaRegions = ["us-east-1", "us-east-1"])),
      "protection.replicaRegions.1",
      /listed twice; each replica region once/,
    );
  });

  it("rejects the home region as a replica region", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.replicaRegions = ["us-east-1", "eu-central-1"])),
      "protection.replicaRegions.1",
      /"eu-central-1" is the home region, which holds the table itself/,
    );
  });

  it("still rejects template sequences in session-cookie fields", () => {
    expectProblem(
      sessionProblemsOf((e) => (e.protection.cookieName = "a${b")),
      "protection.cookieName",
      /a cookie name/,
    );
  });
});

describe("signed-cookie environments", () => {
  let dir: string;
  const publicPem = (k: { publicKey: KeyObject }) =>
    k.publicKey.export({ type: "spki", format: "pem" }).toString();
  beforeAll(() => {
    // Keys of every kind, in a throw-away environments directory of their own.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-keys-"));
    fs.mkdirSync(path.join(dir, "keys"));
    const p256 = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const rsa1024 = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const files: Record<string, string> = {
      "p256.pem": publicPem(p256),
      "p256-next.pem": publicPem(generateKeyPairSync("ec", { namedCurve: "prime256v1" })),
      "rsa2048.pem": publicPem(generateKeyPairSync("rsa", { modulusLength: 2048 })),
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

  it("keeps the bearer-JWT rule vocabulary: user rules need {sub}", () => {
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
