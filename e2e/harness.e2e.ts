// The e2e harness's own decisions, without a browser: which Chromium and
// how it is launched, the one line a missing one fails with, and where a
// failed test's artifacts go.
import * as path from "node:path";
import { formatLogEntry, type LocalRequestLogEntry } from "../local/edge";
import { ARTIFACTS_DIR, artifactFolderName, requestLogText } from "./support/artifacts";
import {
  chromiumProblem,
  DEFAULT_CHROMIUM,
  launchPlan,
  missingChromiumMessage,
} from "./support/chromium";

describe("launching Chromium", () => {
  it("uses Debian's Chromium unless EDGE_GATE_CHROMIUM names another, always headless", () => {
    expect(launchPlan({}, 1000)).toEqual({
      executablePath: DEFAULT_CHROMIUM,
      headless: true,
      args: [],
    });
    expect(launchPlan({ EDGE_GATE_CHROMIUM: "/opt/chromium/chrome" }, 1000).executablePath).toBe(
      "/opt/chromium/chrome",
    );
    expect(launchPlan({ EDGE_GATE_CHROMIUM: " " }, 1000).executablePath).toBe(DEFAULT_CHROMIUM);
  });

  it("turns the sandbox off for root only", () => {
    expect(launchPlan({}, 0).args).toEqual(["--no-sandbox"]);
    expect(launchPlan({}, 1000).args).toEqual([]);
    expect(launchPlan({}, undefined).args).toEqual([]);
  });

  it("a missing browser is one line naming the package to install, without a stack", () => {
    const problem = chromiumProblem("/nonexistent/chromium");
    expect(problem?.message).toBe(missingChromiumMessage("/nonexistent/chromium"));
    expect(problem?.message).toContain("apt-get install -y chromium");
    expect(problem?.stack).toBe(problem?.message);
    expect(problem?.message).not.toContain("\n");
    expect(chromiumProblem(process.execPath)).toBeNull();
  });
});

describe("failure artifacts", () => {
  it("go to a folder named after the test, under e2e-artifacts/", () => {
    expect(path.basename(ARTIFACTS_DIR)).toBe("e2e-artifacts");
    expect(artifactFolderName("signed-cookie › logout removes access")).toBe(
      "signed-cookie-logout-removes-access",
    );
    expect(artifactFolderName("../../etc/passwd")).toBe("etc-passwd");
    expect(artifactFolderName("›")).toBe("unnamed-test");
    expect(artifactFolderName("x".repeat(300))).toHaveLength(100);
  });

  it("the request log is the edge's own lines, the ones before the test marked", () => {
    const entry = (uri: string): LocalRequestLogEntry => ({
      method: "GET",
      uri,
      behaviour: "default",
      functionVerdict: "passed",
      origin: "content-bucket",
      status: 200,
      cache: "miss",
    });
    const log = [entry("/before.txt"), entry("/during.txt")];
    expect(requestLogText(log, 1)).toBe(
      `  (before) ${formatLogEntry(log[0])}\n${formatLogEntry(log[1])}\n`,
    );
  });
});
