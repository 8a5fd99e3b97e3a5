// The node test environment, with the console held back per test: handler
// logs (structured JSON lines on purpose) are printed only for a test that
// fails, so a green run is quiet and a red one shows what the code said.
import type { Circus } from "@jest/types";
import { TestEnvironment } from "jest-environment-node";
import { testName } from "./test-name";

const METHODS = ["log", "info", "warn", "error", "debug"] as const;

interface Held {
  write: (...args: unknown[]) => void;
  args: unknown[];
}

export default class QuietEnvironment extends TestEnvironment {
  private held: Held[] = [];

  private hold(): void {
    const console = this.global.console as unknown as Record<string, (...a: unknown[]) => void>;
    for (const method of METHODS) {
      const write = console[method].bind(console);
      console[method] = (...args: unknown[]) => this.held.push({ write, args });
    }
  }

  private release(test?: Circus.TestEntry): void {
    const held = this.held.splice(0);
    if (!test || test.errors.length === 0 || held.length === 0) return;
    process.stderr.write(`\n--- console output of the failed test "${testName(test)}" ---\n`);
    for (const { write, args } of held) write(...args);
  }

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === "setup") this.hold();
    // Output of hooks goes with the next test; a failing hook fails its tests.
    if (event.name === "test_done") this.release(event.test);
    if (event.name === "run_finish") this.release();
  }
}
