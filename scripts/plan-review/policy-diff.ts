// What changed between two IAM-style policy documents (role and bucket
// policies, trust policies), statement by statement, in words a reviewer can
// check: who may do what to which resources, under which conditions.
import { code } from "./markdown-text";
import { canonical, formatValue, Masked, parseJsonDocument } from "./values";

type Statement = Record<string, unknown>;

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The statements of a policy held as a JSON string or an already parsed object. */
export function statementsOf(policy: unknown): Statement[] | undefined {
  const document = typeof policy === "string" ? parseJsonDocument(policy) : policy;
  if (typeof document !== "object" || document === null || document instanceof Masked)
    return undefined;
  const statements = list((document as Record<string, unknown>).Statement);
  return statements.filter(
    (s): s is Statement => typeof s === "object" && s !== null && !Array.isArray(s),
  );
}

function joined(value: unknown): string {
  return list(value)
    .map((v) => code(typeof v === "string" ? v : formatValue(v, 80)))
    .join(", ");
}

function principals(statement: Statement): string | undefined {
  for (const key of ["Principal", "NotPrincipal"]) {
    const value = statement[key];
    if (value === undefined) continue;
    const prefix = key === "NotPrincipal" ? "everyone except " : "";
    if (typeof value === "string") return `${prefix}${code(value)}`;
    if (typeof value === "object" && value !== null) {
      const parts = Object.entries(value as Record<string, unknown>).map(
        ([kind, who]) => `${kind} ${joined(who)}`,
      );
      return `${prefix}${parts.join("; ")}`;
    }
  }
  return undefined;
}

/** "Allow s3:GetObject on arn:aws:s3:::b/* to Service cloudfront.amazonaws.com if {...}" */
export function describeStatement(statement: Statement): string {
  const effect = typeof statement.Effect === "string" ? code(statement.Effect) : "(no Effect)";
  const actions =
    statement.Action !== undefined
      ? joined(statement.Action)
      : `all but ${joined(statement.NotAction)}`;
  const resources =
    statement.Resource !== undefined
      ? joined(statement.Resource)
      : statement.NotResource !== undefined
        ? `all but ${joined(statement.NotResource)}`
        : undefined;
  const who = principals(statement);
  const parts = [`${effect} ${actions}`];
  if (resources) parts.push(`on ${resources}`);
  if (who) parts.push(`to ${who}`);
  if (statement.Condition !== undefined)
    parts.push(`if ${code(formatValue(statement.Condition, 160))}`);
  return parts.join(" ");
}

function label(statement: Statement): string {
  return typeof statement.Sid === "string" && statement.Sid ? `${code(statement.Sid)}: ` : "";
}

/**
 * One line per statement added, removed or changed (matched by Sid where it
 * has one, else by content). Undefined when either side is not a readable
 * policy (unknown until apply, sensitive), so the caller falls back to a
 * plain value change.
 */
export function policyChanges(before: unknown, after: unknown): string[] | undefined {
  const old = before === undefined || before === null ? [] : statementsOf(before);
  const now = after === undefined || after === null ? [] : statementsOf(after);
  if (old === undefined || now === undefined) return undefined;
  const key = (s: Statement) =>
    typeof s.Sid === "string" && s.Sid ? `sid:${s.Sid}` : `body:${canonical(s)}`;
  const oldByKey = new Map(old.map((s) => [key(s), s]));
  const nowByKey = new Map(now.map((s) => [key(s), s]));
  const lines: string[] = [];
  for (const [k, s] of oldByKey) {
    const replacement = nowByKey.get(k);
    if (!replacement) lines.push(`removed ${label(s)}${describeStatement(s)}`);
    else if (canonical(replacement) !== canonical(s)) {
      lines.push(`changed ${label(s)}${describeStatement(s)} → ${describeStatement(replacement)}`);
    }
  }
  for (const [k, s] of nowByKey) {
    if (!oldByKey.has(k)) lines.push(`added ${label(s)}${describeStatement(s)}`);
  }
  return lines;
}
