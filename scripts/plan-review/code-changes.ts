// Function code as a plan shows it: the stack records each bundle's SHA-256
// and size in a terraform_data (input "index.js") beside the function, since
// the code itself never appears in a plan. This names the functions whose
// code a plan changes, with both fingerprints.
import { CODE_RECORD_KEY } from "../../stacks/plan-records";
import type { ResourceChangeView } from "./changes";
import { isPlainObject, valueAt } from "./values";

export interface CodeFingerprint {
  sha256: string;
  bytes: number;
}

export interface CodeChange {
  function: string;
  address: string;
  /** Absent for a new function. */
  before?: CodeFingerprint;
  /** Absent for a removed function. */
  after?: CodeFingerprint;
}

function fingerprint(value: unknown): CodeFingerprint | undefined {
  const record = valueAt(value, ["input", CODE_RECORD_KEY]);
  if (!isPlainObject(record)) return undefined;
  const { sha256, bytes } = record;
  if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  if (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 0) return undefined;
  return { sha256, bytes };
}

function functionName(change: ResourceChangeView): string | undefined {
  const name =
    valueAt(change.after, ["input", "function"]) ?? valueAt(change.before, ["input", "function"]);
  return typeof name === "string" ? name : undefined;
}

/** The code records whose fingerprint differs before and after, in plan order. */
export function codeChanges(changes: ResourceChangeView[]): CodeChange[] {
  const out: CodeChange[] = [];
  for (const change of changes) {
    if (change.type !== "terraform_data") continue;
    const name = functionName(change);
    const before = change.kind === "create" ? undefined : fingerprint(change.before);
    const after = change.kind === "destroy" ? undefined : fingerprint(change.after);
    if (name === undefined || (before === undefined && after === undefined)) continue;
    if (before?.sha256 === after?.sha256) continue;
    out.push({
      function: name,
      address: change.address,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
    });
  }
  return out;
}
