// From measurements to verdicts, printed lines and the JSON report. Pure (no
// timing, no I/O), so the judging can be tested without running a benchmark.
import type { FigureId, FigureSpec, Target } from "./targets";

export type Verdict = "meets" | "misses" | "no target" | "not measured";

/** What a ratio is taken against, measured in the same run. */
export interface Baseline {
  label: string;
  value: number;
  unit: string;
}

/**
 * The middle half of a figure's per-round (or per-run) values: their lower
 * and upper quartiles. How far one run's noise moves a figure.
 */
export interface Spread {
  low: number;
  high: number;
}

export interface Measurement {
  value: number;
  baseline?: Baseline;
  spread?: Spread;
}

/** A measurement, or why there is none (one line). */
export type Outcome = Measurement | { error: string };

/** What a section hands back: the outcomes of the figures it measured. */
export type Results = Partial<Record<FigureId, Outcome>>;

export interface Figure {
  id: string;
  label: string;
  value: number | null;
  unit: string;
  baseline?: Baseline;
  spread?: Spread;
  target?: Target;
  verdict: Verdict;
  error?: string;
  /** The measured floor (FigureSpec.floor) and its own verdict against this figure's target. */
  floor?: { id: string; value: number; verdict: "meets" | "misses" };
}

export function verdictOf(value: number | null | undefined, target?: Target): Verdict {
  if (value === null || value === undefined || !Number.isFinite(value)) return "not measured";
  if (target === undefined) return "no target";
  const met = target.comparison === "<=" ? value <= target.threshold : value >= target.threshold;
  return met ? "meets" : "misses";
}

/** The first line of an error's message, short enough for one printed line. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n").find((l) => l.trim() !== "") ?? (text || "unknown error");
  const trimmed = line.trim();
  return trimmed.length > 200 ? `${trimmed.slice(0, 197)}...` : trimmed;
}

/** Runs one measurement; a throw or rejection becomes an error outcome, never escapes. */
export async function attempt(measure: () => Measurement | Promise<Measurement>): Promise<Outcome> {
  try {
    return await measure();
  } catch (error) {
    return { error: oneLine(error) };
  }
}

/** Runs a measurement of several figures; a throw or rejection becomes the same error outcome for each of `ids`. */
export async function attemptAll(
  ids: readonly FigureId[],
  measure: () => Promise<Results>,
): Promise<Results> {
  try {
    return await measure();
  } catch (error) {
    const failed = { error: oneLine(error) };
    return Object.fromEntries(ids.map((id) => [id, failed]));
  }
}

export function figureOf(spec: FigureSpec, outcome: Outcome | undefined): Figure {
  const measured = outcome !== undefined && !("error" in outcome) ? outcome : undefined;
  const value = measured !== undefined && Number.isFinite(measured.value) ? measured.value : null;
  let error: string | undefined;
  if (outcome === undefined) error = "no measurement for this figure";
  else if ("error" in outcome) error = outcome.error;
  else if (value === null) error = `not a number: ${outcome.value}`;
  // Keys in the order of the JSON report; absent ones left out, not undefined.
  return {
    id: spec.id,
    label: spec.label,
    value,
    unit: spec.unit,
    ...(measured?.baseline === undefined ? {} : { baseline: measured.baseline }),
    ...(value === null || measured?.spread === undefined ? {} : { spread: measured.spread }),
    ...(spec.target === undefined ? {} : { target: spec.target }),
    verdict: verdictOf(value, spec.target),
    ...(error === undefined ? {} : { error }),
  };
}

/** Decimals a value of `unit` is printed with: ratios two (three below 0.1), rates none, the rest one. */
function decimalsOf(value: number, unit: string): number {
  if (unit === "×") return Math.abs(value) < 0.1 ? 3 : 2;
  return unit === "/s" ? 0 : 1;
}

/**
 * A number for reading. Next to a target, a value that would print as the
 * threshold itself while not equal to it gets more decimals (up to four),
 * so 0.302 is never read as a 0.30 that misses a 0.3 target.
 */
export function formatValue(value: number, unit: string, target?: Target): string {
  return withUnit(formatNumber(value, unit, target), unit);
}

/** formatValue's number, without the unit. */
function formatNumber(value: number, unit: string, target?: Target): string {
  let decimals = decimalsOf(value, unit);
  if (target !== undefined && value !== target.threshold) {
    const shown = (d: number) => Number(value.toFixed(d));
    while (decimals < 4 && shown(decimals) === target.threshold) decimals += 1;
  }
  return value.toFixed(decimals);
}

const withUnit = (text: string, unit: string) => (unit === "×" ? `${text}×` : `${text} ${unit}`);

/** "middle half 0.27–0.31×": the spread in the figure's unit, at its printed precision. */
function formatSpread({ unit, target }: Figure, spread: Spread): string {
  const low = formatNumber(spread.low, unit, target);
  const high = formatNumber(spread.high, unit, target);
  return `middle half ${withUnit(`${low}–${high}`, unit)}`;
}

const formatTarget = (target: Target | undefined, unit: string): string =>
  target === undefined
    ? "no target"
    : `target ${target.comparison} ${unit === "×" ? `${target.threshold}×` : `${target.threshold} ${unit}`}`;

/** One printed line per figure: label, value, target, verdict, then the baseline or the error. */
export function formatFigure(figure: Figure): string {
  const value = figure.value === null ? "-" : formatValue(figure.value, figure.unit, figure.target);
  const columns = [
    `  ${figure.label.padEnd(64)}`,
    value.padStart(10),
    `  ${formatTarget(figure.target, figure.unit).padEnd(17)}`,
    `  ${figure.verdict.padEnd(12)}`,
  ];
  if (figure.error !== undefined) columns.push(`  error: ${figure.error}`);
  else if (figure.baseline !== undefined) {
    const { label, value: b, unit } = figure.baseline;
    const spread = figure.spread === undefined ? "" : `; ${formatSpread(figure, figure.spread)}`;
    columns.push(`  (vs ${label}: ${formatValue(b, unit)}${spread})`);
  }
  if (figure.floor?.verdict === "misses") {
    columns.push(
      `  floor ${formatValue(figure.floor.value, figure.unit, figure.target)} misses too: out of reach here`,
    );
  }
  return columns.join("").trimEnd();
}

/**
 * `figure` with its floor: the floor's value judged against the figure's
 * target. Unchanged when it has no target, the floor was not measured, or
 * the figure came out better than its own floor: no implementation does
 * less than the floor, so that run's noise was larger than the gap, and
 * the floor says nothing about the target.
 */
export function withFloor(figure: Figure, floor: Figure | undefined): Figure {
  const { target, value } = figure;
  if (target === undefined || value === null || floor === undefined || floor.value === null) {
    return figure;
  }
  const beatsFloor = target.comparison === "<=" ? value < floor.value : value > floor.value;
  if (beatsFloor) return figure;
  const verdict = verdictOf(floor.value, target);
  if (verdict !== "meets" && verdict !== "misses") return figure;
  return { ...figure, floor: { id: floor.id, value: floor.value, verdict } };
}

export function tally(figures: readonly Figure[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = {
    meets: 0,
    misses: 0,
    "no target": 0,
    "not measured": 0,
  };
  for (const figure of figures) counts[figure.verdict] += 1;
  return counts;
}

export interface Machine {
  cores: number;
  model: string;
  /** os.loadavg() when the run started and when it ended: a loaded machine explains odd figures. */
  loadavg: { start: number[]; end: number[] };
  totalmem: number;
}

export interface Report {
  date: string;
  commit: string | null;
  dirty: boolean | null;
  node: string;
  machine: Machine;
  figures: Figure[];
}

export function buildReport(parts: Report): Report {
  const { date, commit, dirty, node, machine, figures } = parts;
  return { date, commit, dirty, node, machine, figures };
}
