// The attributes whose change alters who can read what: bucket policy and
// public access block, CloudFront's trusted key groups and function
// associations, IAM policies, Cognito client and pool settings, and the
// runtime config of every function (edge config.json, regional environment).
// Each change to one of them becomes a finding with lines a reviewer checks.
import type { ChangeKind, ResourceChangeView } from "./changes";
import { code } from "./markdown-text";
import { policyChanges } from "./policy-diff";
import {
  changedLeaves,
  formatPath,
  formatValue,
  isPlainObject,
  Masked,
  parseJsonDocument,
  valueAt,
} from "./values";
import { RULES, type Watched } from "./watched-attributes";

export interface SecurityFinding {
  address: string;
  type: string;
  kind: ChangeKind;
  what: string;
  lines: string[];
}

/** A list of blocks as an object keyed by `field`, so inserting one does not shift the rest. */
function keyed(value: unknown, field: string): unknown {
  if (!Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  value.forEach((block, i) => {
    const key = valueAt(block, [field]);
    out[typeof key === "string" ? key : `#${i}`] = block;
  });
  return out;
}

function asConfig(value: unknown): unknown {
  if (value instanceof Masked || value === undefined || value === null) return value;
  if (typeof value === "string") return parseJsonDocument(value) ?? value;
  if (isPlainObject(value)) {
    // Environment variables: each JSON-valued one becomes an object to compare key by key.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = typeof v === "string" ? (parseJsonDocument(v) ?? v) : v;
    return out;
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** A block Terraform holds as a list of at most one (default_cache_behavior, password_policy). */
function single(value: unknown): unknown {
  return Array.isArray(value) &&
    value.length === 1 &&
    typeof value[0] === "object" &&
    value[0] !== null &&
    !Array.isArray(value[0])
    ? value[0]
    : value;
}

function attributeLines(watched: Watched, before: unknown, after: unknown): string[] {
  if (watched.as === "policy") {
    const lines = policyChanges(before, after);
    if (lines) return lines.map((line) => `${watched.label}: ${line}`);
  }
  let old = watched.as === "config" ? asConfig(before) : before;
  let now = watched.as === "config" ? asConfig(after) : after;
  const whole: string[] = [];
  if (watched.keyBy) {
    old = keyed(old, watched.keyBy);
    now = keyed(now, watched.keyBy);
    // A block added or removed as a whole is one line, not one per setting.
    for (const key of Object.keys(isPlainObject(old) ? old : {})) {
      if (!isPlainObject(now) || !(key in now)) whole.push(`${watched.label} ${code(key)} removed`);
    }
    for (const key of Object.keys(isPlainObject(now) ? now : {})) {
      if (old !== undefined && (!isPlainObject(old) || !(key in old)))
        whole.push(`${watched.label} ${code(key)} added`);
    }
    const common = (side: unknown, other: unknown) =>
      isPlainObject(side)
        ? Object.fromEntries(
            Object.entries(side).filter(
              ([k]) => old === undefined || (isPlainObject(other) && k in other),
            ),
          )
        : side;
    [old, now] = [common(old, now), common(now, old)];
  }
  if (watched.as === "policy" && now === Masked.UNKNOWN && old !== undefined) {
    const statements = policyChanges(old, undefined);
    const count = statements ? `${statements.length} statement(s)` : "a document";
    return [`${watched.label}: recomputed at apply from values not known yet (now ${count})`];
  }
  return [...whole, ...leafLines(watched, old, now)];
}

function leafLines(watched: Watched, old: unknown, now: unknown): string[] {
  return (
    changedLeaves(single(old), single(now))
      .filter(
        (leaf) =>
          !watched.only ||
          leaf.path.some((k) => typeof k === "string" && watched.only!.includes(k)),
      )
      // A new resource's empty settings say nothing: show what it sets.
      .filter((leaf) => !(leaf.before === undefined && isEmpty(leaf.after)))
      // ...nor its nested values computed at apply (ids, ARNs of sibling resources).
      .filter(
        (leaf) =>
          !(leaf.before === undefined && leaf.path.length > 0 && leaf.after === Masked.UNKNOWN),
      )
      .map((leaf) => {
        const where =
          leaf.path.length > 0 ? `${watched.label} ${code(formatPath(leaf.path))}` : watched.label;
        if (leaf.before === undefined) return `${where}: ${code(formatValue(leaf.after))} (new)`;
        if (leaf.after === undefined) return `${where}: ${code(formatValue(leaf.before))} removed`;
        return `${where}: ${code(formatValue(leaf.before))} → ${code(formatValue(leaf.after))}`;
      })
  );
}

/** The security-relevant findings of one change; none for no-ops, reads, moves. */
export function securityFindings(change: ResourceChangeView): SecurityFinding[] {
  const rule = RULES[change.type];
  if (!rule || change.mode !== "managed") return [];
  if (!["create", "update", "replace", "destroy", "forget"].includes(change.kind)) return [];
  if (rule.when && !rule.when(change)) return [];
  const base = { address: change.address, type: change.type, kind: change.kind, what: rule.what };
  if (change.kind === "destroy" || change.kind === "forget") {
    return [{ ...base, lines: [`${rule.what} removed`] }];
  }
  const before = change.kind === "create" ? undefined : change.before;
  const lines = rule.watch.flatMap((watched) =>
    attributeLines(watched, valueAt(before, watched.path), valueAt(change.after, watched.path)),
  );
  return lines.length > 0 ? [{ ...base, lines }] : [];
}
