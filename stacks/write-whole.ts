// Writing a file that other processes may read at the same moment (parallel
// synths, test workers): a private temporary file renamed into place, so a
// reader finds the whole file or none. When two write, the last one wins.
import { renameSync, writeFileSync } from "node:fs";

export function writeFileWhole(file: string, data: string): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}
