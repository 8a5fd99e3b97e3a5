// The CloudFront signing key, read from Secrets Manager once per container
// and kept parsed (a KeyObject): it never passes through Terraform state
// (docs/decisions/0006-secrets-out-of-state.md), and parsing it once keeps every signature cheap.
// A failed read is not remembered: the next request tries again, so the
// issuer recovers by itself once the secret is readable.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createPrivateKey, type KeyObject } from "node:crypto";
import type { CookieIssuerConfig } from "./config";

// Bounds on one read. The Lambda has 10 s: two attempts of at most
// 1 s connect + 2 s answer, and an overall abort at 5 s whatever the SDK's
// retry delays, leave a 503 well within it.
const CONNECT_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
const MAX_ATTEMPTS = 2;
const OVERALL_TIMEOUT_MS = 5000;

/** Time limits of one read, in milliseconds. */
export interface SecretReadLimits {
  connectMs: number;
  /** One attempt, from request to answer. */
  requestMs: number;
  /** The whole read, retries included. */
  overallMs: number;
}

const READ_LIMITS: SecretReadLimits = {
  connectMs: CONNECT_TIMEOUT_MS,
  requestMs: REQUEST_TIMEOUT_MS,
  overallMs: OVERALL_TIMEOUT_MS,
};

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
    private readonly limits: SecretReadLimits = READ_LIMITS,
  ) {
    this.client = new SecretsManagerClient({
      region: settings.region,
      endpoint: settings.endpoint ?? undefined,
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: {
        connectionTimeout: limits.connectMs,
        requestTimeout: limits.requestMs,
        throwOnRequestTimeout: true,
      },
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
      console.error(JSON.stringify({ message: "signing key unreadable", error: name }));
      return null;
    }
    const checked = readSigningKey(secret);
    if (!checked.ok) {
      console.error(JSON.stringify({ message: "signing key unusable", reason: checked.reason }));
      return null;
    }
    this.loaded = checked.key;
    return checked.key;
  }
}
