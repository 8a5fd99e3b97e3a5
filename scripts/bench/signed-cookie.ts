// Signed-cookie benchmark section: cookie sets issued per second per core
// (the issuer's signCookieSet: policy, signature, four Set-Cookie lines)
// next to one bare crypto.sign of the same policy with the same KeyObject,
// in the same run, for RSA 2048 and ECDSA P-256.
import * as crypto from "node:crypto";
import { signCookieSet } from "../../functions/cookie-issuer/cookie-sets";
import { customPolicy } from "../../functions/cookie-issuer/signing";
import { median, pairedRatio } from "./measure";
import { attempt, type Measurement, type Results } from "./report";

const SITE = "https://d111111abcdef8.cloudfront.net";
const PREFIX = "/users/7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6/";
const ROUNDS = 7;
const PER_ROUND_MS = 300;

/** Operations per second of `run`, over about `ms` milliseconds. */
function rate(ms: number, run: () => unknown): number {
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 20; i++) run();
    count += 20;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

/** Cookie sets per second over bare signatures per second of the same policy and key. */
function ratioFor(privateKey: crypto.KeyObject): Measurement {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const policy = Buffer.from(customPolicy(`${SITE}${PREFIX}*`, expiresAt));
  const signer = {
    siteOrigin: SITE,
    keyPairId: "K2JCJMDEHXQW5F",
    privateKey,
    hashAlgorithm: "SHA256" as const,
    cookieDomain: null,
  };
  const bare: number[] = [];
  const sets: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(rate(PER_ROUND_MS, () => crypto.sign("sha256", policy, privateKey)));
    sets.push(rate(PER_ROUND_MS, () => signCookieSet(PREFIX, expiresAt, 3600, signer)));
  }
  return {
    value: pairedRatio(sets, bare),
    baseline: { label: "bare crypto.sign", value: median(bare), unit: "/s" },
  };
}

export async function benchSignedCookies(): Promise<Results> {
  console.log(`  one core, SHA-256, median of ${ROUNDS} rounds of ${PER_ROUND_MS} ms each`);
  return {
    "signed-cookie.rsa-2048": await attempt(() =>
      ratioFor(crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey),
    ),
    "signed-cookie.ecdsa-p256": await attempt(() =>
      ratioFor(crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey),
    ),
  };
}
