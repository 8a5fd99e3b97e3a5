// Signed-cookie benchmark section: cookie sets issued per second per core
// (the issuer's signCookieSet: policy, signature, four Set-Cookie lines)
// next to one bare crypto.sign of the same policy with the same KeyObject,
// in the same run, for RSA 2048 and ECDSA P-256; and, for comparison, the
// sets of @aws-sdk/cloudfront-signer alone.
import * as crypto from "node:crypto";
import { getSignedCookies } from "@aws-sdk/cloudfront-signer";
import { signCookieSet } from "../../functions/cookie-issuer/cookie-sets";
import { customPolicy } from "../../functions/cookie-issuer/signing";
import { median, pairedRatio } from "./measure";
import { attempt, type Measurement, type Results } from "./report";

const SITE = "https://d111111abcdef8.cloudfront.net";
const PREFIX = "/users/7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6/";
const ROUNDS = 7;
const PER_ROUND_MS = 300;

/** CPU time (user + system) this process has used so far, in microseconds. */
function cpuMicroseconds(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * Operations per second of CPU time of `run`, over about `ms` milliseconds
 * of it. CPU time rather than elapsed time: on a shared machine the
 * moments another process holds the core would land on whichever series
 * happened to be running, and make its figure.
 */
function rate(ms: number, run: () => unknown): number {
  let count = 0;
  const start = cpuMicroseconds();
  const end = start + ms * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 20; i++) run();
    count += 20;
    now = cpuMicroseconds();
  }
  return count / ((now - start) / 1e6);
}

/**
 * Cookie sets per second over bare signatures per second of the same policy
 * and key. The signer package's getSignedCookies (given the same KeyObject)
 * runs too, and its ratio is printed: the reason the issuer signs itself.
 */
function ratioFor(kind: string, privateKey: crypto.KeyObject): Measurement {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const policy = Buffer.from(customPolicy(`${SITE}${PREFIX}*`, expiresAt));
  const signer = {
    siteOrigin: SITE,
    keyPairId: "K2JCJMDEHXQW5F",
    privateKey,
    hashAlgorithm: "SHA256" as const,
    cookieDomain: null,
  };
  const packageInput = {
    policy: policy.toString(),
    keyPairId: signer.keyPairId,
    // Its types name a PEM; it hands the key to node:crypto, which takes a KeyObject.
    privateKey: privateKey as unknown as string,
    algorithm: "SHA256" as const,
  };
  const bare: number[] = [];
  const sets: number[] = [];
  const packageSets: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(rate(PER_ROUND_MS, () => crypto.sign("sha256", policy, privateKey)));
    sets.push(rate(PER_ROUND_MS, () => signCookieSet(PREFIX, expiresAt, 3600, signer)));
    packageSets.push(rate(PER_ROUND_MS, () => getSignedCookies(packageInput)));
  }
  const packageRatio = pairedRatio(packageSets, bare).toFixed(2);
  console.log(`  ${kind}: @aws-sdk/cloudfront-signer getSignedCookies alone ${packageRatio}×`);
  return {
    value: pairedRatio(sets, bare),
    baseline: { label: "bare crypto.sign", value: median(bare), unit: "/s" },
  };
}

export async function benchSignedCookies(): Promise<Results> {
  console.log(
    `  one core, SHA-256, median of ${ROUNDS} rounds of ${PER_ROUND_MS} ms of CPU time each`,
  );
  return {
    "signed-cookie.rsa-2048": await attempt(() =>
      ratioFor("RSA 2048", crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey),
    ),
    "signed-cookie.ecdsa-p256": await attempt(() =>
      ratioFor("ECDSA P-256", crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey),
    ),
  };
}
