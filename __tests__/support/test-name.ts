// A test's full name as jest prints it, for the test environments that
// report on one test (held console output, e2e failure artifacts).
import type { Circus } from "@jest/types";

/** The describe blocks' names and the test's, joined with " › ". */
export function testName(test: Circus.TestEntry): string {
  const names = [test.name];
  for (let block = test.parent; block && block.name !== "ROOT_DESCRIBE_BLOCK";) {
    names.unshift(block.name);
    block = block.parent as Circus.DescribeBlock;
  }
  return names.join(" › ");
}
