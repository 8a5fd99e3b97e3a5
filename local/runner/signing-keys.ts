// signed-cookie mode locally: a fresh key pair per signing key of the
// environment, the private half stored in the Secrets Manager stand-in the
// way `npm run keys -- create <env> --secret` stores it, the public half
// handed to the emulator in place of the key file in the repository.
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Environment } from "../../environments/schema";
import { generateKeyPair } from "../../scripts/signing-key/key-pair";
import { storeInSecretsManager } from "../../scripts/signing-key/store-private-key";
import { TEST_CREDENTIALS } from "../stand-ins/dynalite";
import type { SecretsManagerStandIn } from "../stand-ins/secrets-manager-stand-in";

/** Creates and stores the keys; returns the public PEMs by aws_cloudfront_public_key `name`. */
export async function storeLocalSigningKeys(
  env: Environment,
  secrets: SecretsManagerStandIn,
): Promise<Record<string, string>> {
  if (env.protection.mode !== "signed-cookie") return {};
  const client = new SecretsManagerClient({
    region: env.homeRegion,
    endpoint: secrets.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const overrides: Record<string, string> = {};
  try {
    for (const key of env.protection.keys) {
      const { publicPem, privatePem } = generateKeyPair("ecdsa");
      await storeInSecretsManager(
        privatePem,
        {
          name: key.secret,
          region: env.homeRegion,
          endpoint: secrets.endpoint,
          description: `edge-gate local run: ${env.name} signing key ${key.id}`,
          tags: { project: "edge-gate", environment: env.name },
          force: true,
        },
        client,
      );
      // The stack names each public key <env>-<key id> (stacks/signing-keys.ts).
      overrides[`${env.name}-${key.id}`] = publicPem;
    }
  } finally {
    client.destroy();
  }
  return overrides;
}
