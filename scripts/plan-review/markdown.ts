// The Markdown summary of one environment's plan, as a pull-request comment:
// counts, the replaced and destroyed resources first, the security-relevant
// changes, then the full plan text collapsed. Stays under GitHub's comment
// limit by shortening the plan text (never the findings above it).
import type { ResourceChangeView } from "./changes";
import type { CodeChange, CodeFingerprint } from "./code-changes";
import { code, fenced } from "./markdown-text";
import type { PlanReview } from "./review";

/** GitHub refuses comment bodies over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderOptions {
  /** Environment (stack) name, shown in the title and in the comment marker. */
  environment: string;
  /** `terraform show -no-color <planfile>`, shown collapsed. */
  planText?: string;
  /** Upper bound of the whole body; the plan text is cut to fit. */
  maxChars?: number;
  /** Where the full plan can be found when the text is cut (e.g. the run's artifacts). */
  fullPlanLink?: string;
  /** Findings lines shown per resource before "… and N more". */
  linesPerFinding?: number;
}

/** Hidden first line that lets the workflow find and update its own comment. */
export function commentMarker(environment: string): string {
  return `<!-- edge-gate-plan:${environment} -->`;
}

const FLAGS: Record<string, string> = { replace: "⚠️", destroy: "⛔", forget: "⚠️" };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function headline(review: PlanReview): string {
  const c = review.counts;
  if (review.errored)
    return "**The plan did not complete**: Terraform reported errors (see the run log).";
  const parts = [
    `${c.create} to create`,
    `${c.update} to update`,
    `${c.replace} to replace`,
    `${c.destroy} to destroy`,
  ];
  if (c.forget > 0) parts.push(`${c.forget} to forget`);
  if (c.move > 0) parts.push(`${c.move} moved`);
  if (c.import > 0) parts.push(`${c.import} to import`);
  const total = c.create + c.update + c.replace + c.destroy + c.forget + c.move + c.import;
  if (total === 0 && review.outputs.length === 0)
    return "**No changes.** The infrastructure matches the configuration.";
  return `**${parts.join(", ")}**`;
}

function countsTable(review: PlanReview): string[] {
  const c = review.counts;
  return [
    "| create | update | replace | destroy |",
    "| -----: | -----: | ------: | ------: |",
    `| ${c.create} | ${c.update} | ${c.replace} | ${c.destroy} |`,
  ];
}

function why(change: ResourceChangeView): string {
  const parts: string[] = [];
  if (change.loses) parts.push(`**deletes ${change.loses}**`);
  if (change.forcedBy.length > 0) parts.push(`forced by ${change.forcedBy.map(code).join(", ")}`);
  // "cannot be updated" says no more than the attributes that force it.
  if (change.reason && !(change.forcedBy.length > 0 && change.kind === "replace"))
    parts.push(change.reason);
  parts.push(...change.notes);
  return parts.join("; ") || "—";
}

function destructiveTable(review: PlanReview): string[] {
  if (review.destructive.length === 0) return [];
  // Data-losing ones first, then by address: the riskiest row is the first one read.
  const rows = [...review.destructive].sort(
    (a, b) =>
      Number(Boolean(b.loses)) - Number(Boolean(a.loses)) || a.address.localeCompare(b.address),
  );
  return [
    "",
    `#### ⚠️ Replaced or destroyed (${rows.length})`,
    "",
    "|  | resource | action | why |",
    "| --- | --- | --- | --- |",
    ...rows.map(
      (c) => `| ${c.loses ? "⛔" : FLAGS[c.kind]} | ${code(c.address)} | ${c.kind} | ${why(c)} |`,
    ),
  ];
}

/** Never cut for space: a way around CloudFront is the first thing to read. */
function reachabilityList(review: PlanReview): string[] {
  if (review.reachability.length === 0) return [];
  return [
    "",
    `#### ⛔ Reachable without CloudFront (${review.reachability.length})`,
    "",
    ...review.reachability.map((line) => `- ${line}`),
  ];
}

function findingsList(review: PlanReview, perFinding: number): string[] {
  if (review.findings.length === 0) return [];
  const out = ["", `#### 🔐 Security-relevant changes (${review.findings.length})`, ""];
  for (const finding of review.findings) {
    out.push(`- ${code(finding.address)} (${finding.what}, ${finding.kind})`);
    const shown = finding.lines.slice(0, perFinding);
    for (const line of shown) out.push(`  - ${line}`);
    const hidden = finding.lines.length - shown.length;
    if (hidden > 0) out.push(`  - … and ${plural(hidden, "more change")} (full plan below)`);
  }
  return out;
}

const bytes = (n: number) => `${n.toLocaleString("en-US")} bytes`;
const shortHash = (f?: CodeFingerprint, absent = "—") => (f ? code(f.sha256.slice(0, 12)) : absent);

function sizes(change: CodeChange): string {
  const { before, after } = change;
  if (!before || !after) return bytes((after ?? before)?.bytes ?? 0);
  const delta = after.bytes - before.bytes;
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  return `${before.bytes.toLocaleString("en-US")} → ${bytes(after.bytes)} (${sign}${Math.abs(delta).toLocaleString("en-US")})`;
}

/** Which functions' code changes: the plan shows only their hashes, never the code. */
function codeTable(review: PlanReview): string[] {
  if (review.code.length === 0) return [];
  return [
    "",
    `#### 📦 Function code (${review.code.length})`,
    "",
    "| function | SHA-256 before | SHA-256 after | size |",
    "| --- | --- | --- | --- |",
    ...review.code.map(
      (c) =>
        `| ${code(c.function)} | ${shortHash(c.before, "new")} | ${shortHash(c.after, "removed")} | ${sizes(c)} |`,
    ),
  ];
}

function otherChanges(review: PlanReview): string[] {
  const rest = review.changes.filter((c) => !review.destructive.includes(c));
  if (rest.length === 0) return [];
  return [
    "",
    `<details><summary>Other changes (${rest.length})</summary>`,
    "",
    ...rest.map(
      (c) => `- ${c.kind}: ${code(c.address)}${c.notes.length ? ` (${c.notes.join("; ")})` : ""}`,
    ),
    "",
    "</details>",
  ];
}

function footer(review: PlanReview): string[] {
  const out: string[] = [];
  if (review.outputs.length > 0)
    out.push("", `Outputs that change: ${review.outputs.map(code).join(", ")}`);
  if (review.drifted.length > 0) {
    out.push(
      "",
      `Changed outside Terraform since the last apply: ${review.drifted.map(code).join(", ")}`,
    );
  }
  if (review.standIns.length > 0) {
    out.push(
      "",
      `_Offline plan: ${plural(review.standIns.length, "data-source stand-in")} left out of the counts._`,
    );
  }
  return out;
}

function planTextBlock(text: string, budget: number, link?: string): string[] {
  const open = ["", "<details><summary>Full plan</summary>", ""];
  const close = ["", "</details>"];
  const whole = fenced(text);
  const frame = [...open, ...close].join("\n").length + 2;
  if (whole.length + frame <= budget) return [...open, whole, ...close];
  const note = `_The plan text is cut here to fit a comment${link ? `; the whole plan: ${link}` : ""}._`;
  const room = budget - frame - note.length - 64;
  if (room < 200) return ["", note];
  let cut = text.slice(0, room);
  const lastNewline = cut.lastIndexOf("\n");
  if (lastNewline > 0) cut = cut.slice(0, lastNewline);
  return [...open, fenced(`${cut}\n… (cut)`), "", note, ...close];
}

export function renderMarkdown(review: PlanReview, options: RenderOptions): string {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT - 1_000;
  const perFinding = options.linesPerFinding ?? 12;
  const tf = review.terraformVersion ? ` · Terraform ${review.terraformVersion}` : "";
  const top = [
    commentMarker(options.environment),
    `### Plan for ${code(options.environment)}${tf}`,
    "",
    headline(review),
    "",
    ...countsTable(review),
    ...destructiveTable(review),
    ...reachabilityList(review),
  ];
  const details = [
    ...findingsList(review, perFinding),
    ...codeTable(review),
    ...otherChanges(review),
    ...footer(review),
  ];
  let body = [...top, ...details].join("\n");
  if (body.length > maxChars) {
    // A very large plan: keep the counts and the destroy table, point to the plan for the rest.
    const note = `_${plural(review.findings.length, "security-relevant change")} and ${plural(review.changes.length, "change")}: too many to list here; see the full plan._`;
    body = [...top, "", note].join("\n").slice(0, maxChars);
  }
  if (options.planText !== undefined) {
    body += planTextBlock(options.planText, maxChars - body.length - 1, options.fullPlanLink).join(
      "\n",
    );
  }
  return `${body}\n`;
}
