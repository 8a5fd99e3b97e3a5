// Measuring helpers shared by the benchmark sections: medians and paired
// ratios, sizes of the deployed zip, wall and CPU time of whole node
// processes. Child processes are bounded in time, so a hung one becomes an
// error for its figure instead of a bench that never ends.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import * as zlib from "node:zlib";
import type { Measurement, Spread } from "./report";

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** `combine(values[i], baselines[i])` for each round; throws unless the rounds pair up. */
function perRound(
  values: number[],
  baselines: number[],
  combine: (value: number, baseline: number) => number,
): number[] {
  if (values.length === 0 || values.length !== baselines.length) {
    throw new Error(`no paired rounds (${values.length} values, ${baselines.length} baselines)`);
  }
  return values.map((v, i) => combine(v, baselines[i]));
}

const ratio = (value: number, baseline: number) => value / baseline;
const difference = (value: number, baseline: number) => value - baseline;

/**
 * Median of the per-round ratios `values[i] / baselines[i]`: each round's
 * figure and baseline ran side by side, so a load change between rounds
 * moves both and cancels out.
 */
export const pairedRatio = (values: number[], baselines: number[]): number =>
  median(perRound(values, baselines, ratio));

/** Median of the per-round differences `values[i] - baselines[i]`. */
export const pairedDifference = (values: number[], baselines: number[]): number =>
  median(perRound(values, baselines, difference));

/** The lower and upper quartiles of `xs` (nearest rank): where its middle half lies. */
export function quartiles(xs: number[]): Spread {
  const sorted = [...xs].sort((a, b) => a - b);
  const last = sorted.length - 1;
  return { low: sorted[Math.floor(last / 4)], high: sorted[Math.ceil((3 * last) / 4)] };
}

/** The median of the per-round values and their middle half. */
function withSpread(perRoundValues: number[]): { value: number; spread: Spread } {
  return { value: median(perRoundValues), spread: quartiles(perRoundValues) };
}

/** pairedRatio, with the middle half of the per-round ratios. */
export const pairedRatioWithSpread = (values: number[], baselines: number[]) =>
  withSpread(perRound(values, baselines, ratio));

/** pairedDifference, with the middle half of the per-round differences. */
export const pairedDifferenceWithSpread = (values: number[], baselines: number[]) =>
  withSpread(perRound(values, baselines, difference));

/** Size of a zip holding `files` (local headers, deflate -9 data, central directory, end record). */
export function zipSize(files: Record<string, string>): number {
  let size = 22;
  for (const [name, content] of Object.entries(files)) {
    const compressed = zlib.deflateRawSync(Buffer.from(content), { level: 9 }).length;
    size += 30 + name.length + compressed + 46 + name.length;
  }
  return size;
}

/** Wall time of one `node <args>` process, in milliseconds. */
export function timeProcess(
  args: string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
  timeoutMs = 300_000,
): number {
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, args, {
    cwd,
    stdio: "pipe",
    env: env ?? process.env,
    timeout: timeoutMs,
  });
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const run = promisify(execFile);
const CPU_MARK = "bench-cpu-us ";
// Printed as the process exits: user + system CPU of the whole process, and
// of the script alone, from its first statement on (the start mark is the
// script's first statement: only compiling the -e text comes before it).
const REPORT_CPU = `const benchCpuAtStart=process.cpuUsage();process.on("exit",()=>{const u=process.cpuUsage(),s=process.cpuUsage(benchCpuAtStart);process.stdout.write("\\n${CPU_MARK}"+(u.user+u.system)+" "+(s.user+s.system)+"\\n")});`;

/** CPU time (user + system) of one child process, in milliseconds. */
export interface ProcessCpu {
  /** The whole process, node's own start-up included. */
  total: number;
  /**
   * From the script's first statement to the exit: what the script loaded
   * and ran, and whatever it left running. Node's start-up before it is the
   * same work in every child, and on a shared machine it varies by tens of
   * ms from one child to the next, far more than the figures it would hide.
   */
  script: number;
}

/**
 * The CPU of one `node -e <script>` process. Asynchronous, so a server in
 * this process (the loopback DynamoDB) can answer the child meanwhile. A
 * child that fails or exceeds `timeoutMs` rejects with its last line of
 * stderr.
 */
export async function cpuOfNode(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 30_000,
): Promise<ProcessCpu> {
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, ["-e", REPORT_CPU + script], {
      cwd,
      env,
      timeout: timeoutMs,
    }));
  } catch (error) {
    const { code, killed, stderr } = error as { code?: unknown; killed?: boolean; stderr?: string };
    const last = (stderr ?? "").trim().split("\n").pop() ?? "";
    if (killed) throw new Error(`child process killed after ${timeoutMs} ms`);
    throw new Error(`child process exited ${String(code)}${last ? `: ${last}` : ""}`);
  }
  const line = stdout.split("\n").find((l) => l.startsWith(CPU_MARK));
  if (line === undefined) throw new Error("child process reported no CPU time");
  const [total, scriptOnly] = line.slice(CPU_MARK.length).split(" ").map(Number);
  return { total: total / 1000, script: scriptOnly / 1000 };
}

type Gc = (options?: { type: "major" | "minor" }) => void;
let gc: Gc | undefined;

/** V8's gc(), exposed for this process on first use. */
function exposedGc(): Gc {
  if (gc === undefined) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as Gc;
  }
  return gc;
}

/** A full garbage collection now. */
export function collectGarbage(): void {
  exposedGc()();
}

/**
 * A collection of the young generation now: what the last steps left
 * behind (building a series' events, the series before) is gone, while
 * what lives on stays. Not a full collection: that also drops the hidden
 * classes no live object uses, the ones the handler's optimized code was
 * built for, so every series would begin by deoptimizing and warming up
 * again, which a warm instance between two requests does not.
 */
export function collectYoungGarbage(): void {
  exposedGc()({ type: "minor" });
}

/**
 * Heap bytes held by what `build` returns: heap used after it minus before,
 * each taken after a full garbage collection.
 */
export function retainedHeapBytes(build: () => unknown): number {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  // Read after the second collection, so `kept` is still alive there.
  if (kept === undefined) throw new Error("nothing was built");
  return after - before;
}

/** Microseconds per call of `run` over `count` sequential calls. */
export async function microsecondsPerCall(
  count: number,
  run: (i: number) => unknown | Promise<unknown>,
): Promise<number> {
  const t = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await run(i);
  return Number(process.hrtime.bigint() - t) / count / 1000;
}

/** The samples of one series, or why it stopped (one failed run spoils the series). */
export type Samples<V = number> = { ok: true; values: V[] } | { ok: false; error: unknown };

/**
 * `runs` samples of each series, interleaved (one of each per pass), so a
 * load change during the run touches all of them alike, and their order
 * rotated by one every pass, so no series always runs right after the same
 * other (a child can leave the next one a warmer or a colder machine). A
 * series whose run throws stops there and keeps the error; the others go on.
 */
export async function sampleSeries<K extends string, V = number>(
  runs: number,
  series: Record<K, () => Promise<V>>,
): Promise<Record<K, Samples<V>>> {
  const names = Object.keys(series) as K[];
  const samples = {} as Record<K, Samples<V>>;
  for (const name of names) samples[name] = { ok: true, values: [] };
  for (let i = 0; i < runs; i++) {
    for (const name of rotated(names, i)) {
      const current = samples[name];
      if (!current.ok) continue;
      try {
        current.values.push(await series[name]());
      } catch (error) {
        samples[name] = { ok: false, error };
      }
    }
  }
  return samples;
}

/** The values of a series, or its error thrown again (for `attempt` to report). */
export function valuesOf<V>(samples: Samples<V>): V[] {
  if (!samples.ok) throw samples.error;
  return samples.values;
}

/** The script CPU of each child of a series (ProcessCpu.script), or its error thrown again. */
export const scriptCpuOf = (samples: Samples<ProcessCpu>): number[] =>
  valuesOf(samples).map((cpu) => cpu.script);

/** The whole-process CPU of each child of a series, or its error thrown again. */
export const totalCpuOf = (samples: Samples<ProcessCpu>): number[] =>
  valuesOf(samples).map((cpu) => cpu.total);

/**
 * `items` rotated left by `round` places: run in this order round after
 * round, each item takes each place equally often (over a whole number of
 * turns), and none runs twice in a row across two rounds.
 */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const turn = round % items.length;
  return [...items.slice(turn), ...items.slice(0, turn)];
}

/**
 * A cold-start figure: each child's script CPU over the bare child's of the
 * same pass (ProcessCpu says why not the whole process's), with the bare
 * children's whole CPU as the printed baseline, which tells a slow host.
 */
export function scriptCpuOverBare(
  series: Samples<ProcessCpu>,
  bare: Samples<ProcessCpu>,
): Measurement {
  const bareTotals = totalCpuOf(bare);
  return {
    ...pairedDifferenceWithSpread(scriptCpuOf(series), scriptCpuOf(bare)),
    baseline: {
      label: `bare node CPU, median of ${bareTotals.length}`,
      value: median(bareTotals),
      unit: "ms",
    },
  };
}
