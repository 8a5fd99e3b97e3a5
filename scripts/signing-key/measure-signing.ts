// Policy signatures per second with one signing key: the cookie issuer signs
// one policy per cookie request, so this is its CPU cost per request for
// each key type (RSA 2048 vs ECDSA P-256). Run alone for a quick figure:
//   npx tsx scripts/signing-key/measure-signing.ts
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { cloudFrontPolicy, describeKey, generateKeyPair, type KeyType } from "./key-pair";

export interface SigningRate {
  /** "ECDSA P-256" or "RSA 2048". */
  key: string;
  digest: "sha1" | "sha256";
  signaturesPerSecond: number;
  microsecondsPerSignature: number;
  /** Bytes of one signature before base64 (ECDSA DER varies by a byte or two): what the cookie carries. */
  signatureBytes: number;
  /** Signatures timed. */
  count: number;
}

export interface MeasureOptions {
  /** How long to sign, after the warm-up (default 1000 ms). */
  durationMs?: number;
  /** Default sha256; RSA keys may also be measured with sha1 (CloudFront's default). */
  digest?: "sha1" | "sha256";
  /** The policy signed; default a one-prefix custom policy like the issuer's. */
  policy?: string;
}

/** Signs the same policy with `crypto.sign` for `durationMs` and counts. */
export function measureSigningRate(
  privateKey: KeyObject,
  options: MeasureOptions = {},
): SigningRate {
  const durationMs = options.durationMs ?? 1000;
  const digest = options.digest ?? "sha256";
  const policy = Buffer.from(
    options.policy ??
      cloudFrontPolicy(
        "https://d111111abcdef8.cloudfront.net/users/0f5b6c1e-8a3d-4c47-9b1e-2d7f1a9c3e50/*",
        new Date(Date.now() + 3600_000),
      ),
  );
  // Warm-up: first calls pay for key setup and code paths that later ones do not.
  let signatureBytes = 0;
  for (let i = 0; i < 20; i++) signatureBytes = sign(digest, policy, privateKey).length;

  const budget = BigInt(Math.round(durationMs * 1e6));
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  let count = 0;
  // Batches of 10 keep the clock reads out of the ECDSA figure (tens of µs per signature).
  while (elapsed < budget) {
    for (let i = 0; i < 10; i++) sign(digest, policy, privateKey);
    count += 10;
    elapsed = process.hrtime.bigint() - start;
  }
  const seconds = Number(elapsed) / 1e9;
  return {
    key: describeKey(privateKey),
    digest,
    signaturesPerSecond: count / seconds,
    microsecondsPerSignature: (seconds * 1e6) / count,
    signatureBytes,
    count,
  };
}

/** A fresh key of each type CloudFront accepts, measured one after the other. */
export function measureKeyTypes(options: MeasureOptions = {}): SigningRate[] {
  return (["ecdsa", "rsa"] as KeyType[]).map((type) =>
    measureSigningRate(createPrivateKey(generateKeyPair(type).privatePem), options),
  );
}

export function formatSigningRate(rate: SigningRate): string {
  const perSecond = Math.round(rate.signaturesPerSecond).toLocaleString("en-US");
  return `${rate.key.padEnd(11)} ${rate.digest}: ${perSecond.padStart(7)} signatures/s (${rate.microsecondsPerSignature.toFixed(1)} µs each, ${rate.signatureBytes}-byte signature)`;
}

if (require.main === module) {
  for (const rate of measureKeyTypes({ durationMs: 2000 })) console.log(formatSigningRate(rate));
}
