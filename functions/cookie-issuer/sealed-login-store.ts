// The cookie issuer's LoginStore: the login record travels in the login
// cookie itself, sealed with AES-256-GCM, so the issuer needs no table. The
// sealing key is derived (HKDF-SHA256) from the CloudFront signing key the
// issuer already holds, so no second secret exists to provision or rotate;
// rotating the signing key merely ends logins in progress.
//
// Each record is bound to its login's state (GCM's additional authenticated
// data): a login cookie opens only for the callback of its own login, never
// for another tab's.
//
// Unlike a table, a sealed cookie cannot be deleted on use: the same
// callback could be presented twice. The second redemption still fails,
// because Cognito accepts each authorization code once (and only with this
// login's PKCE verifier), so no second identity can come of it.
import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import type { LoginStore } from "../shared/hosted-ui/login-flow";
import type { LoginRecord } from "../shared/session-record";

const CIPHER = "aes-256-gcm";
const HKDF_INFO = "edge-gate login cookie v1";
/** 96-bit IVs, fresh from the CSPRNG for every seal (NIST SP 800-38D 8.2.2). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^[A-Za-z0-9_-]+$/;

/** What a sealed record is bound to besides the key: the state of its login. */
function boundTo(state: string): Buffer {
  return Buffer.from(`${HKDF_INFO}\nstate=${state}`, "utf8");
}

/** The 256-bit sealing key: HKDF-SHA256 over the signing key's PKCS#8 DER. */
export function loginSealingKey(signingKey: KeyObject): Buffer {
  const der = signingKey.export({ type: "pkcs8", format: "der" });
  return Buffer.from(hkdfSync("sha256", der, Buffer.alloc(0), HKDF_INFO, 32));
}

/** The record's own fields, each of the right type; null for anything else. */
function asLoginRecord(value: unknown): LoginRecord | null {
  if (typeof value !== "object" || value === null) return null;
  const { state, nonce, codeVerifier, returnPath, expiresAt } = value as Record<string, unknown>;
  if (
    typeof state !== "string" ||
    typeof nonce !== "string" ||
    typeof codeVerifier !== "string" ||
    typeof returnPath !== "string" ||
    typeof expiresAt !== "number" ||
    !Number.isFinite(expiresAt)
  ) {
    return null;
  }
  return { state, nonce, codeVerifier, returnPath, expiresAt };
}

export class SealedLoginStore implements LoginStore {
  private readonly key: Buffer;

  constructor(
    signingKey: KeyObject,
    /** Milliseconds since the epoch. */
    private readonly now: () => number = Date.now,
  ) {
    this.key = loginSealingKey(signingKey);
  }

  /** base64url(IV ‖ ciphertext ‖ tag) of the record's JSON, bound to its state. */
  async save(record: LoginRecord): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key, iv);
    const { state, nonce, codeVerifier, returnPath, expiresAt } = record;
    cipher.setAAD(boundTo(state));
    const plain = JSON.stringify({ state, nonce, codeVerifier, returnPath, expiresAt });
    const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
  }

  /**
   * The record, or null when the value was not sealed by this key for
   * `state`, was altered, or has expired.
   */
  async take(loginCookieValue: string, state: string): Promise<LoginRecord | null> {
    if (!SEALED.test(loginCookieValue)) return null;
    const bytes = Buffer.from(loginCookieValue, "base64url");
    if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
    let record: LoginRecord | null;
    try {
      const decipher = createDecipheriv(CIPHER, this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      decipher.setAAD(boundTo(state));
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(), // throws unless the tag authenticates IV and ciphertext
      ]);
      record = asLoginRecord(JSON.parse(plain.toString("utf8")));
    } catch {
      return null;
    }
    if (record === null || record.state !== state) return null;
    if (record.expiresAt <= Math.floor(this.now() / 1000)) return null;
    return record;
  }
}
