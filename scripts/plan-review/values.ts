// Attribute values of a planned change as a review may show them: sensitive
// values masked (Terraform marks them in before_sensitive/after_sensitive, but
// the plan JSON itself holds them in clear), values known only after apply
// marked, and the leaves that differ between before and after.
import { createHash } from "node:crypto";

/** Stands for a value the review must not or cannot show. */
export class Masked {
  private constructor(
    readonly label: string,
    /** Tells two hidden values apart (a digest, never shown), so a changed secret still reads as changed. */
    readonly fingerprint = "",
  ) {}
  static readonly UNKNOWN = new Masked("(known after apply)");
  static sensitive(value: unknown): Masked {
    const digest = createHash("sha256")
      .update(JSON.stringify(value) ?? "undefined")
      .digest("base64url");
    return new Masked("(sensitive)", digest);
  }
  toJSON(): string {
    return this.label;
  }
}

export type Path = (string | number)[];

/** An object that is neither a list nor a Masked marker. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Masked)
  );
}

/** The marker tree's entry for `key`: Terraform omits keys that are not marked. */
function child(marks: unknown, key: string | number): unknown {
  if (marks === true) return true;
  if (Array.isArray(marks) && typeof key === "number") return marks[key];
  if (isPlainObject(marks) && typeof key === "string") return marks[key];
  return undefined;
}

/**
 * `value` with every sensitive leaf replaced by a sensitive Masked and every
 * leaf known only after apply by Masked.UNKNOWN. `unknown` adds keys that
 * `after` leaves out (Terraform omits unknown attributes from `after`).
 */
export function mask(value: unknown, sensitive: unknown, unknown?: unknown): unknown {
  if (sensitive === true) return Masked.sensitive(value);
  if (unknown === true) return Masked.UNKNOWN;
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const list = Array.isArray(value) ? value : [];
    const length = Math.max(list.length, Array.isArray(unknown) ? unknown.length : 0);
    return Array.from({ length }, (_, i) => mask(list[i], child(sensitive, i), child(unknown, i)));
  }
  if (isPlainObject(value) || isPlainObject(unknown)) {
    const object = isPlainObject(value) ? value : {};
    const keys = new Set([
      ...Object.keys(object),
      ...(isPlainObject(unknown) ? Object.keys(unknown) : []),
    ]);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const masked = mask(object[key], child(sensitive, key), child(unknown, key));
      if (masked !== undefined) out[key] = masked;
    }
    return out;
  }
  return value;
}

/** The value at `path`, or undefined. */
export function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (current instanceof Masked) return current;
    if (typeof key === "number" ? !Array.isArray(current) : !isPlainObject(current))
      return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A stable text for comparing values: keys sorted, markers by label. */
export function canonical(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value instanceof Masked) return `<<${value.label}:${value.fingerprint}>>`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export interface LeafChange {
  path: Path;
  before: unknown;
  after: unknown;
}

function isLeaf(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((v) => !Array.isArray(v) && !isPlainObject(v));
  return !isPlainObject(value);
}

/**
 * The smallest differing parts of two values: objects key by key, lists of
 * blocks index by index; a list of plain values (URLs, ARNs, key group ids)
 * counts as one leaf, so a reordered or extended list reads as one change.
 */
export function changedLeaves(before: unknown, after: unknown, path: Path = []): LeafChange[] {
  if (sameValue(before, after)) return [];
  // A block that appears or goes away is compared with an empty one, so its
  // leaves show (and filters on nested keys still see them).
  const absent = (v: unknown) => v === undefined || v === null;
  if (absent(before) && (isPlainObject(after) || (Array.isArray(after) && !isLeaf(after)))) {
    return changedLeaves(Array.isArray(after) ? [] : {}, after, path);
  }
  if (absent(after) && (isPlainObject(before) || (Array.isArray(before) && !isLeaf(before)))) {
    return changedLeaves(before, Array.isArray(before) ? [] : {}, path);
  }
  const bothLists = Array.isArray(before) && Array.isArray(after);
  const bothObjects = isPlainObject(before) && isPlainObject(after);
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedLeaves(before[k], after[k], [...path, k]));
  }
  if (bothLists && !(isLeaf(before) && isLeaf(after))) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) =>
      changedLeaves(before[i], after[i], [...path, i]),
    ).flat();
  }
  return [{ path, before, after }];
}

/** `default_cache_behavior[0].trusted_key_groups` */
export function formatPath(path: Path): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`))
    .join("");
}

/** A short, one-line rendering of a value for a Markdown cell or list item. */
export function formatValue(value: unknown, limit = 120): string {
  if (value === undefined) return "(none)";
  if (value instanceof Masked) return value.label;
  const text =
    JSON.stringify(value, (_k, v: unknown) => (v instanceof Masked ? v.label : v)) ?? String(value);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** A JSON document held in a string attribute (policies, config), parsed; else undefined. */
export function parseJsonDocument(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (!text.startsWith("{") && !text.startsWith("[")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
