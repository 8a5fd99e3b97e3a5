// The parts of `keys create` a child process cannot show: the request sent to
// Secrets Manager, messages for AWS errors the stand-in does not produce, the
// command-line reading, and the signing measurement.
import { createPrivateKey } from "node:crypto";
import * as path from "node:path";
import { CreateSecretCommand, PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { parseArgs, redactPem } from "../../scripts/signing-key";
import { createSigningKey } from "../../scripts/signing-key/create-key-pair";
import { generateKeyPair, verifyKeyPairRoundTrip } from "../../scripts/signing-key/key-pair";
import { measureSigningRate } from "../../scripts/signing-key/measure-signing";
import {
  describeSecretsError,
  type SecretsClient,
} from "../../scripts/signing-key/store-private-key";
import { makeSandbox, type Sandbox } from "./support/signing-key-cli";

let sandbox: Sandbox;
beforeEach(() => (sandbox = makeSandbox()));
afterEach(() => sandbox.remove());

/** Records every command; CreateSecret fails with `createError` when given. */
function recordingClient(createError?: Error): { client: SecretsClient; sent: unknown[] } {
  const sent: unknown[] = [];
  const client: SecretsClient = {
    send: async (command) => {
      sent.push(command);
      if (command instanceof CreateSecretCommand && createError) throw createError;
      return { ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf" };
    },
  };
  return { client, sent };
}

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("the Secrets Manager request", () => {
  test("creates the secret with a description and the environment and key-id tags", async () => {
    const { client, sent } = recordingClient();
    await createSigningKey({
      projectDir: sandbox.project,
      env: "partners",
      type: "ecdsa",
      id: "k20261123",
      secret: { region: "eu-west-1", client },
      homeDir: sandbox.home,
      force: false,
    });
    expect(sent).toHaveLength(1);
    const input = (sent[0] as CreateSecretCommand).input;
    expect(input.Name).toBe("edge-gate/partners/cloudfront-key/k20261123");
    expect(input.Description).toBe(
      "CloudFront signing private key k20261123 (ECDSA P-256, PKCS#8 PEM) of edge-gate environment partners; public key environments/keys/partners/k20261123.pem",
    );
    expect(input.Tags).toEqual([
      { Key: "edge-gate:environment", Value: "partners" },
      { Key: "edge-gate:key-id", Value: "k20261123" },
    ]);
    expect(input.SecretString).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  test("with --force, puts the value into an existing secret (PutSecretValue)", async () => {
    const { client, sent } = recordingClient(awsError("ResourceExistsException", "exists"));
    const created = await createSigningKey({
      projectDir: sandbox.project,
      env: "dev",
      type: "rsa",
      id: "k2",
      secret: { region: "eu-west-1", client },
      homeDir: sandbox.home,
      force: true,
    });
    expect(sent.map((c) => (c as object).constructor)).toEqual([
      CreateSecretCommand,
      PutSecretValueCommand,
    ]);
    expect((sent[1] as PutSecretValueCommand).input.SecretId).toBe(
      "edge-gate/dev/cloudfront-key/k2",
    );
    expect(created.privateKey).toMatchObject({ kind: "secret", replaced: true });
  });
});

describe("messages for AWS errors", () => {
  const target = { name: "edge-gate/dev/cloudfront-key/k1", region: "eu-west-1" };

  test("names the action AWS reports as not allowed", () => {
    const denied = awsError(
      "AccessDeniedException",
      "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: secretsmanager:TagResource on resource: edge-gate/dev/cloudfront-key/k1 because no identity-based policy allows the secretsmanager:TagResource action",
    );
    expect(describeSecretsError(denied, "CreateSecret", target)).toBe(
      "access denied by Secrets Manager (CreateSecret on secret edge-gate/dev/cloudfront-key/k1 in eu-west-1): your AWS identity needs secretsmanager:TagResource",
    );
  });

  test("names the operation's permission when AWS does not", () => {
    const denied = awsError("AccessDeniedException", "Access denied");
    expect(describeSecretsError(denied, "PutSecretValue", target)).toMatch(
      /your AWS identity needs secretsmanager:PutSecretValue$/,
    );
  });

  test("tells missing credentials and unreachable endpoints apart", () => {
    const noCredentials = awsError(
      "CredentialsProviderError",
      "Could not load credentials from any providers",
    );
    expect(describeSecretsError(noCredentials, "CreateSecret", target)).toMatch(
      /^no AWS credentials found/,
    );
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
      code: "ECONNREFUSED",
    });
    expect(
      describeSecretsError(refused, "CreateSecret", { ...target, endpoint: "http://127.0.0.1:9" }),
    ).toBe(
      "cannot reach Secrets Manager at http://127.0.0.1:9 (ECONNREFUSED); check the network, --region or EDGE_GATE_SECRETS_ENDPOINT",
    );
  });
});

describe("the command line", () => {
  test("reads options in either form and resolves paths from where npm was started", () => {
    const parsed = parseArgs(
      ["create", "dev", "--type=rsa", "--id", "k1", "--private-key-out", "keys/k1.pem", "--force"],
      { INIT_CWD: path.join(sandbox.outside, "work") },
    );
    expect(parsed).not.toBe("help");
    if (parsed === "help") return;
    expect(parsed.options).toMatchObject({
      env: "dev",
      type: "rsa",
      id: "k1",
      force: true,
      privateKeyOut: path.join(sandbox.outside, "work", "keys", "k1.pem"),
    });
    expect(parsed.options.secret).toBeUndefined();
  });

  test("takes the secret name after --secret, the region from AWS_REGION and the endpoint from EDGE_GATE_SECRETS_ENDPOINT", () => {
    const parsed = parseArgs(["create", "dev", "--secret", "team/key"], {
      AWS_REGION: "us-west-2",
      EDGE_GATE_SECRETS_ENDPOINT: "http://127.0.0.1:4566",
    });
    expect(parsed !== "help" && parsed.options.secret).toEqual({
      name: "team/key",
      region: "us-west-2",
      endpoint: "http://127.0.0.1:4566",
    });
  });

  test("explains an environment read as the --secret name", () => {
    expect(() => parseArgs(["create", "--secret", "dev"], {})).toThrow(
      'missing <env>: "dev" was read as the --secret name; put <env> first or write --secret=<name>',
    );
  });

  test("never lets a PEM block through an error message", () => {
    const { privatePem } = generateKeyPair("ecdsa");
    expect(redactPem(`bad key: ${privatePem}`)).toBe("bad key: [PEM redacted]\n");
  });
});

describe("verifyKeyPairRoundTrip", () => {
  test("rejects halves of different key pairs", () => {
    const a = generateKeyPair("ecdsa");
    const b = generateKeyPair("ecdsa");
    expect(() => verifyKeyPairRoundTrip(a.privatePem, b.publicPem)).toThrow(
      "a policy signed with the private key (sha256) fails the public key",
    );
  });
});

describe("measureSigningRate", () => {
  test("counts policy signatures per second for both key types", () => {
    for (const type of ["ecdsa", "rsa"] as const) {
      const rate = measureSigningRate(createPrivateKey(generateKeyPair(type).privatePem), {
        durationMs: 50,
      });
      expect(rate.key).toBe(type === "rsa" ? "RSA 2048" : "ECDSA P-256");
      expect(rate.count).toBeGreaterThan(0);
      expect(rate.signaturesPerSecond).toBeCloseTo(1e6 / rate.microsecondsPerSignature, 3);
    }
  });
});
