// The sealed-cookie LoginStore: AES-256-GCM under a key derived from the
// signing key, bound to the login's state. Anything but an untouched,
// unexpired value sealed under the same signing key for the same state reads
// as no login at all.
import * as crypto from "node:crypto";
import { SealedLoginStore } from "../../../functions/cookie-issuer/sealed-login-store";
import type { LoginRecord } from "../../../functions/shared/session-record";

const signingKey = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
const NOW = 1_900_000_000;
const record: LoginRecord = {
  state: "s".repeat(43),
  nonce: "n".repeat(43),
  codeVerifier: "v".repeat(43),
  returnPath: "/users/abc/report.pdf?v=2",
  expiresAt: NOW + 600,
};
const storeAt = (seconds: number, key = signingKey) =>
  new SealedLoginStore(key, () => seconds * 1000);
const { state } = record;

it("round-trips a record as a cookie-safe value", async () => {
  const value = await storeAt(NOW).save(record);
  expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(value).not.toContain("users");
  expect(await storeAt(NOW).take(value, state)).toEqual(record);
});

it("seals with a fresh IV every time", async () => {
  const store = storeAt(NOW);
  const [a, b] = [await store.save(record), await store.save(record)];
  expect(a).not.toBe(b);
  expect(Buffer.from(a, "base64url").subarray(0, 12)).not.toEqual(
    Buffer.from(b, "base64url").subarray(0, 12),
  );
});

it("reads any changed byte (IV, ciphertext or tag) as no login", async () => {
  const bytes = Buffer.from(await storeAt(NOW).save(record), "base64url");
  for (const at of [0, 11, 12, 20, bytes.length - 17, bytes.length - 1]) {
    const changed = Buffer.from(bytes);
    changed[at] ^= 0x01;
    expect(await storeAt(NOW).take(changed.toString("base64url"), state)).toBeNull();
  }
  expect(
    await storeAt(NOW).take(bytes.subarray(0, bytes.length - 1).toString("base64url"), state),
  ).toBeNull();
});

it("reads garbage as no login", async () => {
  for (const value of ["", "x", "a".repeat(40), "not base64!", "AAAA.BBBB", "%2F"]) {
    expect(await storeAt(NOW).take(value, state)).toBeNull();
  }
});

it("reads an expired record as no login", async () => {
  const value = await storeAt(NOW).save(record);
  expect(await storeAt(NOW + 599).take(value, state)).toEqual(record);
  expect(await storeAt(NOW + 600).take(value, state)).toBeNull();
});

it("reads a value sealed under another signing key as no login", async () => {
  const other = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  const value = await storeAt(NOW, other).save(record);
  expect(await storeAt(NOW).take(value, state)).toBeNull();
});

it("opens a record only for the state it was sealed for", async () => {
  const value = await storeAt(NOW).save(record);
  expect(await storeAt(NOW).take(value, "t".repeat(43))).toBeNull();
  expect(await storeAt(NOW).take(value, state.slice(1))).toBeNull();
  expect(await storeAt(NOW).take(value, "")).toBeNull();
  expect(await storeAt(NOW).take(value, state)).toEqual(record);
});

it("keeps a record with the longest return path within the login flow's 3072-character cookie bound", async () => {
  const value = await storeAt(NOW).save({ ...record, returnPath: `/${"a".repeat(2047)}` });
  expect(value.length).toBeLessThanOrEqual(3072);
});
