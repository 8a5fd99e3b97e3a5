// The run's key pool: keys within a suite are distinct, a later suite gets the
// same keys (generated once per run), and outside a test run every key is new.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as KeyPool from "./key-pool";
import { RUN_DIR_VARIABLE } from "./run-once";

/** key-pool.ts as a new suite sees it: loaded afresh, nothing taken yet. */
function freshPool(): typeof KeyPool {
  let pool: typeof KeyPool | undefined;
  jest.isolateModules(() => {
    pool = jest.requireActual<typeof KeyPool>("./key-pool");
  });
  return pool!;
}

const spki = (key: crypto.KeyObject) => key.export({ type: "spki", format: "der" }).toString("hex");
const P256 = { type: "ec", namedCurve: "P-256" } as const;
const RSA = { type: "rsa", modulusLength: 1024 } as const;

describe("in a test run", () => {
  const saved = process.env[RUN_DIR_VARIABLE];
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-key-pool-"));
    process.env[RUN_DIR_VARIABLE] = dir;
  });
  afterEach(() => {
    process.env[RUN_DIR_VARIABLE] = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("gives a suite a different key each time, of the kind asked for", () => {
    const pool = freshPool();
    const keys = [pool.pooledKeyPair(P256), pool.pooledKeyPair(P256), pool.pooledKeyPair(RSA)];
    expect(new Set(keys.map((k) => spki(k.publicKey))).size).toBe(3);
    expect(keys.map((k) => k.privateKey.asymmetricKeyType)).toEqual(["ec", "ec", "rsa"]);
    expect(keys[2].privateKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
    for (const { privateKey, publicKey } of keys) {
      const signature = crypto.sign("sha256", Buffer.from("x"), privateKey);
      expect(crypto.verify("sha256", Buffer.from("x"), publicKey, signature)).toBe(true);
    }
  });

  it("gives the next suite the same keys in the same order, from the pool's files", () => {
    const first = freshPool();
    const a = [first.pooledKeyPair(P256), first.pooledKeyPair(P256)].map((k) => spki(k.publicKey));
    const second = freshPool();
    const b = [second.pooledKeyPair(P256), second.pooledKeyPair(P256)].map((k) =>
      spki(k.publicKey),
    );
    expect(b).toEqual(a);
    expect(fs.readdirSync(path.join(dir, "key-pool")).sort()).toEqual([
      "ec-P-256-0.pem",
      "ec-P-256-1.pem",
    ]);
  });

  it("keeps the key another worker stored first for an index", () => {
    const stored = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    fs.mkdirSync(path.join(dir, "key-pool"));
    fs.writeFileSync(
      path.join(dir, "key-pool", "ec-P-256-0.pem"),
      stored.privateKey.export({ type: "pkcs8", format: "pem" }),
    );
    expect(spki(freshPool().pooledKeyPair(P256).publicKey)).toBe(spki(stored.publicKey));
  });
});

it("outside a test run, generates a new key every time and stores none", () => {
  const saved = process.env[RUN_DIR_VARIABLE];
  delete process.env[RUN_DIR_VARIABLE];
  try {
    const a = freshPool().pooledKeyPair(P256);
    const b = freshPool().pooledKeyPair(P256);
    expect(spki(a.publicKey)).not.toBe(spki(b.publicKey));
  } finally {
    process.env[RUN_DIR_VARIABLE] = saved;
  }
});
