// The peers benchmark's contenders, without timing anything: each peer's
// bundle, built as the bench builds it, loads with its config, passes the
// bench's fresh ID token on and refuses an expired one and a bad signature
// (so no figure times a path other than the one it names), and the
// comparison says "ahead" only when edge-gate is below both peers.
import { loadCode } from "../../scripts/bench/bearer-bundle";
import { withFlippedSignature } from "../../scripts/bench/bearer-fixtures";
import { cookieEvent, idToken, PEER_NAMES, peerBuild } from "../../scripts/bench/peer-builds";
import { comparisonLines } from "../../scripts/bench/peers";
import { nowSeconds } from "../support/jwt-fixtures";

type Handle = (event: object) => Promise<{ uri?: string; status?: string }>;

describe.each(PEER_NAMES)("peer %s as the bench builds it", (name) => {
  let handle: Handle;

  beforeAll(() => {
    const build = peerBuild(name);
    handle = loadCode<{ handler: Handle }>(build.code, build.files).handler;
  });

  it("passes the request on for a fresh ID token", async () => {
    const result = await handle(cookieEvent(idToken()));
    expect(result.uri).toMatch(/^\/users\//);
  });

  it("answers instead of passing an expired token on", async () => {
    const now = nowSeconds();
    const result = await handle(cookieEvent(idToken({ iat: now - 7200, exp: now - 3600 })));
    expect(result.uri).toBeUndefined();
    expect(result.status).toMatch(/^3\d\d$/);
  });

  it("answers instead of passing a bad signature on", async () => {
    const result = await handle(cookieEvent(withFlippedSignature(idToken())));
    expect(result.uri).toBeUndefined();
    expect(result.status).toMatch(/^3\d\d$/);
  });
});

describe("comparisonLines", () => {
  const figure = (value: number) => ({ value });
  const results = (own: number, samples: number, cognito: number) => ({
    "peers.edge-gate.new-token": figure(own),
    "peers.aws-samples.new-token": figure(samples),
    "peers.cognito-at-edge.new-token": figure(cognito),
  });

  it("says ahead only when edge-gate is below both peers", () => {
    expect(comparisonLines(results(1.7, 1.9, 2.1))[0]).toMatch(/new-token: .*: ahead$/);
    expect(comparisonLines(results(2.0, 1.9, 2.1))[0]).toMatch(/: not ahead$/);
    expect(comparisonLines(results(1.9, 1.9, 2.1))[0]).toMatch(/: not ahead$/);
  });

  it("says when a lead is within the run's noise: edge-gate's middle half reaches a peer's", () => {
    const spread = (value: number, low: number, high: number) => ({ value, spread: { low, high } });
    const line = (ownHigh: number) =>
      comparisonLines({
        "peers.edge-gate.new-token": spread(1.8, 1.7, ownHigh),
        "peers.aws-samples.new-token": spread(1.95, 1.9, 2.0),
        "peers.cognito-at-edge.new-token": spread(2.2, 2.1, 2.3),
      })[0];
    expect(line(1.85)).toMatch(/: ahead$/);
    expect(line(1.92)).toMatch(/: ahead, within noise of aws-samples \(middle halves overlap\)$/);
  });

  it("says when a deficit is within the run's noise: edge-gate's middle half reaches down to a peer's", () => {
    const spread = (value: number, low: number, high: number) => ({ value, spread: { low, high } });
    const line = (ownLow: number) =>
      comparisonLines({
        "peers.edge-gate.new-token": spread(1.97, ownLow, 2.0),
        "peers.aws-samples.new-token": spread(1.87, 1.57, 1.9),
        "peers.cognito-at-edge.new-token": spread(2.2, 2.1, 2.3),
      })[0];
    expect(line(1.95)).toMatch(/: not ahead$/);
    expect(line(1.76)).toMatch(
      /: not ahead, within noise of aws-samples \(middle halves overlap\)$/,
    );
  });

  it("counts the figures ahead and names the ones it could not compare", () => {
    const lines = comparisonLines(results(1.7, 1.9, 2.1));
    expect(lines).toContain("  expired: not compared (a figure is missing)");
    expect(lines[lines.length - 1]).toBe(
      "  edge-gate is ahead of both peers on 1 of 6 figures here",
    );
  });
});
