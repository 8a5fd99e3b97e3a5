// Once after every suite: removes the run's shared directory (synthesized
// stacks, offline plan work dirs with their provider links).
import * as fs from "node:fs";
import { RUN_DIR_VARIABLE } from "./run-once";

export default function globalTeardown(): void {
  const dir = process.env[RUN_DIR_VARIABLE];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
