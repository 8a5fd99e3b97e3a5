// Key pairs for tests, from a pool the whole test run shares. Generating keys
// was a large part of the handler suites' CPU (RSA 2048 takes 50–300 ms, RSA
// 4096 seconds, and about 60 were made per run), yet no test needs a key
// that no other suite has seen: each needs keys that differ from each other.
// So the nth key of a kind a suite asks for is the nth key of that kind in the
// run's pool: keys within a suite are as distinct as fresh ones, and each key
// is generated once per run, by whichever worker asks first. Outside a test
// run (the benchmark imports the fixtures) every call generates a fresh key.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { RUN_DIR_VARIABLE } from "./run-once";

export type KeySpec = { type: "rsa"; modulusLength: number } | { type: "ec"; namedCurve: "P-256" };

export interface KeyPair {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
}

function specName(spec: KeySpec): string {
  return spec.type === "rsa" ? `rsa-${spec.modulusLength}` : `ec-${spec.namedCurve}`;
}

function generate(spec: KeySpec): crypto.KeyObject {
  return spec.type === "rsa"
    ? crypto.generateKeyPairSync("rsa", { modulusLength: spec.modulusLength }).privateKey
    : crypto.generateKeyPairSync("ec", { namedCurve: spec.namedCurve }).privateKey;
}

/** This suite's keys taken so far, per kind (jest loads this module afresh for each suite). */
const taken = new Map<string, number>();

/** The pool's file for the index-th key of a kind, generated and stored if no worker has yet. */
function pooledPrivateKey(dir: string, spec: KeySpec, index: number): crypto.KeyObject {
  const file = path.join(dir, `${specName(spec)}-${index}.pem`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const pem = generate(spec).export({ type: "pkcs8", format: "pem" });
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, pem);
    try {
      // A link never replaces: when two workers race, the first key stays
      // the key of that index and both use it.
      fs.linkSync(partial, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(partial, { force: true });
    }
  }
  return crypto.createPrivateKey(fs.readFileSync(file, "utf8"));
}

/** The next key pair of this kind for the calling suite: distinct from every other it took. */
export function pooledKeyPair(spec: KeySpec): KeyPair {
  const runDir = process.env[RUN_DIR_VARIABLE];
  const name = specName(spec);
  const index = taken.get(name) ?? 0;
  taken.set(name, index + 1);
  const privateKey = runDir
    ? pooledPrivateKey(path.join(runDir, "key-pool"), spec, index)
    : generate(spec);
  return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
}
