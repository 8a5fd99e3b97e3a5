// The CPU a child node process reports for the cold-start figures: its
// script's share, from the script's first statement to the exit, apart from
// node's own start-up. Busy loops spin on CPU time, never on the clock, so
// no verdict here depends on the machine's speed or load.
import * as os from "node:os";
import { cpuOfNode } from "../../scripts/bench/measure";

/** A script that keeps the CPU busy until it has used `ms` of it. */
const spinFor = (ms: number) =>
  `const s=process.cpuUsage();while((()=>{const u=process.cpuUsage(s);return u.user+u.system})()<${ms * 1000});`;

describe("cpuOfNode", () => {
  it("counts the script's CPU apart from node's start-up", async () => {
    const bare = await cpuOfNode("", os.tmpdir());
    const busy = await cpuOfNode(spinFor(60), os.tmpdir());
    // A bare script does next to nothing; node's start-up is most of its total.
    expect(bare.script).toBeLessThan(bare.total);
    expect(bare.script).toBeLessThan(20);
    // The spin is all script: at least its 60 ms, and within the process total.
    expect(busy.script).toBeGreaterThanOrEqual(60);
    expect(busy.total).toBeGreaterThan(busy.script);
  });

  it("counts what the script leaves running until the process exits", async () => {
    const later = await cpuOfNode(`setTimeout(()=>{${spinFor(40)}},1);`, os.tmpdir());
    expect(later.script).toBeGreaterThanOrEqual(40);
  });

  it("rejects with the child's last line of stderr when it fails", async () => {
    await expect(
      cpuOfNode('console.error("first GetItem refused: 503");process.exit(3)', os.tmpdir()),
    ).rejects.toThrow("child process exited 3: first GetItem refused: 503");
  });
});
