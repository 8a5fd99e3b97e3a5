// Measuring helpers shared by the benchmark sections: medians, sizes of the
// deployed zip, and wall time of whole node processes.
import { execFileSync } from "node:child_process";
import * as zlib from "node:zlib";

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

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
export function timeProcess(args: string[], cwd: string, env?: NodeJS.ProcessEnv): number {
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd, stdio: "pipe", env: env ?? process.env });
  return Number(process.hrtime.bigint() - t) / 1e6;
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
