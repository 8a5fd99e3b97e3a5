// The node test environment, telling the e2e hooks whether the test that
// just ran failed: afterEach then saves its screenshots and the edge's
// request log (jest itself gives hooks no verdict).
import type { Circus } from "@jest/types";
import { TestEnvironment } from "jest-environment-node";
import { testName } from "../../__tests__/support/test-name";

/** What the environment keeps on the test's global for the hooks to read. */
export interface RunningTest {
  /** describe names and the test's, joined with " › ". */
  name: string;
  failed: boolean;
}

export const RUNNING_TEST_KEY = "__edgeGateE2eTest";

export default class FailureEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === "test_start") {
      const running: RunningTest = { name: testName(event.test), failed: false };
      this.global[RUNNING_TEST_KEY] = running;
    }
    // A failing test body or beforeEach hook: afterEach runs after both.
    if (event.name === "test_fn_failure" || event.name === "hook_failure") {
      const running = this.global[RUNNING_TEST_KEY] as RunningTest | undefined;
      if (running !== undefined) running.failed = true;
    }
  }
}
