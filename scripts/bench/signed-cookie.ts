// Signed-cookie benchmark section: cookie sets issued per second per core
// (the issuer's signCookieSet: policy, signature, four Set-Cookie lines)
// next to one bare crypto.sign of the same policy with the same KeyObject,
// in the same run, for RSA 2048 and ECDSA P-256; and, for comparison, the
// sets of @aws-sdk/cloudfront-signer alone and the floor: the least work
// any set does (the policy's bytes made, signed, both put in base64).
import * as crypto from "node:crypto";
import { getSignedCookies } from "@aws-sdk/cloudfront-signer";
import { signCookieSet } from "../../functions/cookie-issuer/cookie-sets";
import { customPolicy } from "../../functions/cookie-issuer/signing";
import { median, pairedRatio, pairedRatioWithSpread, rotated } from "./measure";
import { oneLine, type Measurement, type Outcome, type Results } from "./report";

const SITE = "https://d111111abcdef8.cloudfront.net";
const PREFIX = "/users/7d3a9f2e-1b2c-4d5e-8f90-a1b2c3d4e5f6/";
const ROUNDS = 16;
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

type Figures = { sets: Measurement; floor: Measurement };

/**
 * Cookie sets per second over bare signatures per second of the same policy
 * and key; and the floor's rate over the same baseline. The floor is what
 * every set must do beyond the bare signature, and nothing else: make the
 * policy's bytes from its text, sign them, and write both in base64. No
 * set can be cheaper, so a target above the floor's ratio is out of reach
 * of any implementation on this machine. The signer package's
 * getSignedCookies (given the same KeyObject) runs too, and its ratio is
 * printed: the reason the issuer signs itself.
 */
function ratiosFor(kind: string, privateKey: crypto.KeyObject): Figures {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const policyText = customPolicy(`${SITE}${PREFIX}*`, expiresAt);
  const policy = Buffer.from(policyText);
  const floorSet = () => {
    const bytes = Buffer.from(policyText);
    return [
      bytes.toString("base64url"),
      crypto.sign("sha256", bytes, privateKey).toString("base64url"),
    ];
  };
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
  const series = {
    bare: () => crypto.sign("sha256", policy, privateKey),
    sets: () => signCookieSet(PREFIX, expiresAt, 3600, signer),
    floor: floorSet,
    packageSets: () => getSignedCookies(packageInput),
  };
  const names = Object.keys(series) as (keyof typeof series)[];
  const rates = { bare: [], sets: [], floor: [], packageSets: [] } as Record<
    keyof typeof series,
    number[]
  >;
  for (let round = 0; round < ROUNDS; round++) {
    // The order rotates by one every round: over the rounds each series
    // runs in each place equally often, and none runs twice in a row.
    // (Turned round every other round instead, the baseline ran twice in a
    // row at every second round's start and the sets never did: their ratio
    // to it, which cannot really differ from 1 for RSA, read 0.94 to 0.97.)
    for (const name of rotated(names, round)) rates[name].push(rate(PER_ROUND_MS, series[name]));
  }
  const { bare, sets, floor, packageSets } = rates;
  const packageRatio = pairedRatio(packageSets, bare).toFixed(2);
  // Not like for like with the sets: the package is handed the policy text
  // and gives back three values, where a set writes its policy and its
  // Set-Cookie lines too.
  console.log(
    `  ${kind}: @aws-sdk/cloudfront-signer getSignedCookies alone ${packageRatio}× ` +
      "(given the policy text; three values, no Set-Cookie lines)",
  );
  const baseline = { label: "bare crypto.sign", value: median(bare), unit: "/s" };
  return {
    sets: { ...pairedRatioWithSpread(sets, bare), baseline },
    floor: { ...pairedRatioWithSpread(floor, bare), baseline },
  };
}

/** Both figures of one key type, or the same error for both. */
function figuresFor(kind: string, generate: () => crypto.KeyObject): Outcome[] {
  let figures: Figures;
  try {
    figures = ratiosFor(kind, generate());
  } catch (error) {
    const failed = { error: oneLine(error) };
    return [failed, failed];
  }
  return [figures.sets, figures.floor];
}

export function benchSignedCookies(): Results {
  console.log(
    `  one core, SHA-256, median of ${ROUNDS} rounds of ${PER_ROUND_MS} ms of CPU time each`,
  );
  const [rsa, rsaFloor] = figuresFor(
    "RSA 2048",
    () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
  );
  const [ecdsa, ecdsaFloor] = figuresFor(
    "ECDSA P-256",
    () => crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey,
  );
  return {
    "signed-cookie.rsa-2048": rsa,
    "signed-cookie.rsa-2048.floor": rsaFloor,
    "signed-cookie.ecdsa-p256": ecdsa,
    "signed-cookie.ecdsa-p256.floor": ecdsaFloor,
  };
}
