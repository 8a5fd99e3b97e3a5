// The CloudFront signing key, read from Secrets Manager once per container
// and kept parsed (a KeyObject): it never passes through Terraform state
// (docs/decisions/0006-secrets-out-of-state.md), and parsing it once keeps every signature cheap.
// A failed read is not remembered: the next request tries again, so the
// issuer recovers by itself once the secret is readable.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createPrivateKey, type KeyObject } from "node:crypto";
import {
  awsClientLimits,
  OUTBOUND_LIMITS,
  type AwsCallLimits,
} from "../shared/hosted-ui/outbound-limits";
import type { CookieIssuerConfig } from "./config";
import { logError } from "../shared/log";

/**
 * Time limits of one read: production's (outbound-limits.ts) keep a
 * Secrets Manager that does not answer to a 503 within 2 s, well inside
 * the Lambda's 10 s.
 */
export type SecretReadLimits = AwsCallLimits;

/** A PEM private key of the accepted kinds is under 2 KB; anything far larger is not one. */
const MAX_PEM_LENGTH = 16 * 1024;

export type KeyCheck = { ok: true; key: KeyObject } | { ok: false; reason: string };

/**
 * `pem` as a private key CloudFront key groups accept: RSA 2048 or ECDSA
 * P-256, in PKCS#8, PKCS#1 or SEC1 PEM. Encrypted PEM, public keys,
 * certificates, other sizes and curves are refused.
 */
export function readSigningKey(pem: unknown): KeyCheck {
  if (typeof pem !== "string" || pem.length === 0 || pem.length > MAX_PEM_LENGTH) {
    return { ok: false, reason: "secret is not a PEM string" };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    return { ok: false, reason: "secret is not an unencrypted PEM private key" };
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa" && details.modulusLength === 2048) return { ok: true, key };
  if (key.asymmetricKeyType === "ec" && details.namedCurve === "prime256v1") {
    return { ok: true, key };
  }
  const kind = `${key.asymmetricKeyType} ${details.modulusLength ?? details.namedCurve ?? ""}`;
  return { ok: false, reason: `unsupported key (${kind.trim()}): RSA 2048 or P-256 only` };
}

export class SigningKeySource {
  private readonly client: SecretsManagerClient;
  private loaded: KeyObject | undefined;
  private pending: Promise<KeyObject | null> | undefined;

  constructor(
    settings: CookieIssuerConfig["secretsManager"],
    private readonly secretId: string,
    private readonly limits: SecretReadLimits = OUTBOUND_LIMITS.aws,
  ) {
    this.client = new SecretsManagerClient({
      region: settings.region,
      endpoint: settings.endpoint ?? undefined,
      ...awsClientLimits(limits),
    });
  }

  /**
   * The key, or null when it cannot be had right now (logged). Concurrent
   * callers share one read; after a success there are no more reads.
   */
  get(): Promise<KeyObject | null> {
    if (this.loaded !== undefined) return Promise.resolve(this.loaded);
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async load(): Promise<KeyObject | null> {
    let secret: unknown;
    try {
      const answer = await this.client.send(
        new GetSecretValueCommand({ SecretId: this.secretId }),
        {
          abortSignal: AbortSignal.timeout(this.limits.overallMs),
        },
      );
      secret = answer.SecretString;
    } catch (err) {
      // The error's name only: nothing of the secret or the request is logged.
      const name = err instanceof Error ? err.name : "unknown";
      logError("signing key unreadable", { error: name });
      return null;
    }
    const checked = readSigningKey(secret);
    if (!checked.ok) {
      logError("signing key unusable", { reason: checked.reason });
      return null;
    }
    this.loaded = checked.key;
    return checked.key;
  }
}
