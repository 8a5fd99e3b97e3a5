// The benchmark's judging, without running a benchmark: verdicts against
// targets, the JSON report's shape, the targets table, and failed
// measurements turned into error entries instead of thrown out of the run.
import {
  pairedRatioWithSpread,
  quartiles,
  rotated,
  sampleSeries,
  valuesOf,
} from "../../scripts/bench/measure";
import {
  attempt,
  buildReport,
  figureOf,
  formatFigure,
  oneLine,
  tally,
  verdictOf,
  type Figure,
} from "../../scripts/bench/report";
import { runSections, type SectionRunner } from "../../scripts/bench/run";
import {
  FIGURES,
  SECTIONS,
  figuresOf,
  type FigureSpec,
  type Section,
} from "../../scripts/bench/targets";

const spec = (target?: FigureSpec["target"]): FigureSpec => ({
  id: "bearer.new-token",
  section: "bearer",
  label: "bearer: a new token each request",
  unit: "×",
  ...(target === undefined ? {} : { target }),
});

describe("verdictOf", () => {
  it("judges <= targets, the threshold itself included", () => {
    const target = { comparison: "<=", threshold: 1.5 } as const;
    expect(verdictOf(1.2, target)).toBe("meets");
    expect(verdictOf(1.5, target)).toBe("meets");
    expect(verdictOf(1.51, target)).toBe("misses");
  });

  it("judges >= targets, the threshold itself included", () => {
    const target = { comparison: ">=", threshold: 0.95 } as const;
    expect(verdictOf(1.1, target)).toBe("meets");
    expect(verdictOf(0.95, target)).toBe("meets");
    expect(verdictOf(0.94, target)).toBe("misses");
  });

  it("says no target when there is none, and not measured without a number", () => {
    expect(verdictOf(3, undefined)).toBe("no target");
    const target = { comparison: "<=", threshold: 1 } as const;
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(verdictOf(value, target)).toBe("not measured");
      expect(verdictOf(value, undefined)).toBe("not measured");
    }
  });
});

describe("figureOf", () => {
  it("carries the value, baseline, target and verdict of a measurement", () => {
    const baseline = { label: "bare RS256 crypto.verify", value: 40, unit: "µs" };
    const figure = figureOf(spec({ comparison: "<=", threshold: 1.5 }), { value: 1.7, baseline });
    expect(figure).toEqual({
      id: "bearer.new-token",
      label: "bearer: a new token each request",
      value: 1.7,
      unit: "×",
      baseline,
      target: { comparison: "<=", threshold: 1.5 },
      verdict: "misses",
    });
  });

  it("turns an error into a not-measured figure that still shows its target", () => {
    const figure = figureOf(spec({ comparison: "<=", threshold: 1.5 }), { error: "timed out" });
    expect(figure).toMatchObject({ value: null, verdict: "not measured", error: "timed out" });
    expect(figure.target).toEqual({ comparison: "<=", threshold: 1.5 });
    expect(formatFigure(figure)).toMatch(/target <= 1\.5×\s+not measured\s+error: timed out$/);
  });

  it("reports a figure its section did not hand back as not measured", () => {
    expect(figureOf(spec(), undefined)).toMatchObject({ value: null, verdict: "not measured" });
    expect(figureOf(spec(), { value: Number.NaN }).verdict).toBe("not measured");
  });
});

describe("floors", () => {
  const runners = (results: Record<string, { value: number }>) => {
    const all = Object.fromEntries(SECTIONS.map((s) => [s, async () => ({})])) as Record<
      Section,
      SectionRunner
    >;
    all["signed-cookie"] = async () => results;
    return all;
  };

  it("say when a target is out of reach: its floor misses it too", async () => {
    const lines: string[] = [];
    const figures = await runSections({
      sections: ["signed-cookie"],
      runners: runners({
        "signed-cookie.rsa-2048": { value: 0.97 },
        "signed-cookie.rsa-2048.floor": { value: 1.01 },
        "signed-cookie.ecdsa-p256": { value: 0.8 },
        "signed-cookie.ecdsa-p256.floor": { value: 0.91 },
      }),
      print: (line) => lines.push(line),
    });
    const byId = new Map(figures.map((f) => [f.id, f]));
    expect(byId.get("signed-cookie.ecdsa-p256")).toMatchObject({
      verdict: "misses",
      floor: { id: "signed-cookie.ecdsa-p256.floor", value: 0.91, verdict: "misses" },
    });
    expect(byId.get("signed-cookie.rsa-2048")?.floor).toEqual({
      id: "signed-cookie.rsa-2048.floor",
      value: 1.01,
      verdict: "meets",
    });
    // A floor is context: it has no target and no floor of its own.
    expect(byId.get("signed-cookie.ecdsa-p256.floor")?.floor).toBeUndefined();
    const ecdsa = lines.find((l) => l.includes("sets per second, ECDSA"));
    expect(ecdsa).toMatch(/misses .*floor 0\.91× misses too: out of reach here$/);
    const rsa = lines.find((l) => l.includes("sets per second, RSA"));
    expect(rsa).not.toMatch(/out of reach/);
  });

  it("are left out when the figure beat its own floor: that run was noisier than the gap", async () => {
    const figures = await runSections({
      sections: ["signed-cookie"],
      runners: runners({
        "signed-cookie.ecdsa-p256": { value: 0.93 },
        "signed-cookie.ecdsa-p256.floor": { value: 0.9 },
      }),
      print: () => undefined,
    });
    expect(figures.find((f) => f.id === "signed-cookie.ecdsa-p256")).toMatchObject({
      verdict: "misses",
    });
    expect(figures.find((f) => f.id === "signed-cookie.ecdsa-p256")?.floor).toBeUndefined();
  });

  it("are left out when the floor was not measured", async () => {
    const figures = await runSections({
      sections: ["signed-cookie"],
      runners: runners({ "signed-cookie.ecdsa-p256": { value: 0.8 } }),
      print: () => undefined,
    });
    expect(figures.find((f) => f.id === "signed-cookie.ecdsa-p256")?.floor).toBeUndefined();
  });

  it("name a figure of the same section that has no target", () => {
    const specs = FIGURES as readonly FigureSpec[];
    const linked = specs.filter((f) => f.floor !== undefined);
    expect(linked.map((f) => f.id).sort()).toEqual([
      "bearer.new-token",
      "bundle.bearer",
      "cold.bearer",
      "cold.session-checker.get-item",
      "signed-cookie.ecdsa-p256",
      "signed-cookie.rsa-2048",
    ]);
    for (const figure of linked) {
      const floor = specs.find((f) => f.id === figure.floor);
      expect(floor).toMatchObject({ section: figure.section, unit: figure.unit });
      expect(floor?.target).toBeUndefined();
    }
  });
});

describe("printed values", () => {
  const ratio = (value: number, threshold: number, comparison: "<=" | ">=" = "<=") =>
    formatFigure(figureOf(spec({ comparison, threshold }), { value }));

  it("never look like the threshold they miss or meet", () => {
    expect(ratio(0.302, 0.3)).toMatch(/0\.302×\s+target <= 0\.3×\s+misses/);
    expect(ratio(0.298, 0.3)).toMatch(/0\.298×\s+target <= 0\.3×\s+meets/);
    expect(ratio(0.9496, 0.95, ">=")).toMatch(/0\.9496×\s+target >= 0\.95×\s+misses/);
    expect(ratio(1.5, 1.5)).toMatch(/1\.50×\s+target <= 1\.5×\s+meets/);
  });

  it("keep two decimals away from the threshold", () => {
    expect(ratio(2.254, 1.5)).toMatch(/2\.25×\s+target/);
    expect(ratio(0.29, 0.3)).toMatch(/0\.29×\s+target/);
  });
});

describe("spread: the middle half of a figure's rounds", () => {
  it("is the lower and upper quartile, whatever the order of the rounds", () => {
    expect(quartiles([5, 1, 9, 3, 7])).toEqual({ low: 3, high: 7 });
    expect(quartiles([0.31, 0.27, 0.29, 0.28, 0.3, 0.33, 0.26, 0.29, 0.28])).toEqual({
      low: 0.28,
      high: 0.3,
    });
    expect(quartiles([2])).toEqual({ low: 2, high: 2 });
  });

  it("is taken over the paired per-round ratios, as the figure's median is", () => {
    const paired = pairedRatioWithSpread([2, 6, 3, 8, 5], [1, 2, 1, 2, 1]);
    // Per-round ratios 2, 3, 3, 4, 5.
    expect(paired).toEqual({ value: 3, spread: { low: 3, high: 4 } });
  });

  it("is printed beside the baseline, in the figure's unit and precision, and kept in the report", () => {
    const baseline = { label: "bare RS256 crypto.verify", value: 26.3, unit: "µs" };
    const figure = figureOf(spec({ comparison: "<=", threshold: 0.3 }), {
      value: 0.302,
      baseline,
      spread: { low: 0.27, high: 0.33 },
    });
    expect(figure.spread).toEqual({ low: 0.27, high: 0.33 });
    expect(formatFigure(figure)).toMatch(
      /0\.302×\s+target <= 0\.3×\s+misses\s+\(vs bare RS256 crypto\.verify: 26\.3 µs; middle half 0\.27–0\.33×\)$/,
    );
    const noSpread = figureOf(spec(), { value: 1.9, baseline });
    expect(formatFigure(noSpread)).toMatch(/\(vs bare RS256 crypto\.verify: 26\.3 µs\)$/);
    expect(noSpread).not.toHaveProperty("spread");
  });
});

describe("failed measurements", () => {
  it("become one-line error outcomes, never throws", async () => {
    await expect(
      attempt(() => {
        throw new Error("first GetItem timed out\n    at stack frame");
      }),
    ).resolves.toEqual({ error: "first GetItem timed out" });
    await expect(attempt(() => Promise.reject("plain string"))).resolves.toEqual({
      error: "plain string",
    });
    await expect(attempt(async () => ({ value: 2 }))).resolves.toEqual({ value: 2 });
    expect(oneLine(new Error("x".repeat(500))).length).toBeLessThanOrEqual(200);
  });

  it("cost a section only its own figures; the next sections still run", async () => {
    const runners = Object.fromEntries(SECTIONS.map((s) => [s, async () => ({})])) as Record<
      Section,
      SectionRunner
    >;
    runners.bundles = async () => {
      throw new Error("dynalite did not answer within 1000 ms");
    };
    runners["signed-cookie"] = async () => ({
      "signed-cookie.rsa-2048": { value: 0.97 },
      "signed-cookie.rsa-2048.floor": { value: 0.99 },
      "signed-cookie.ecdsa-p256": { error: "key generation failed" },
      "signed-cookie.ecdsa-p256.floor": { error: "key generation failed" },
    });
    const lines: string[] = [];
    const figures = await runSections({
      sections: ["bundles", "signed-cookie"],
      runners,
      print: (line) => lines.push(line),
    });
    expect(figures.map((f) => [f.id, f.verdict, f.error])).toEqual([
      ["bundle.bearer", "not measured", "dynalite did not answer within 1000 ms"],
      ["bundle.bearer.floor", "not measured", "dynalite did not answer within 1000 ms"],
      ["bundle.session-checker", "not measured", "dynalite did not answer within 1000 ms"],
      ["signed-cookie.rsa-2048", "meets", undefined],
      ["signed-cookie.rsa-2048.floor", "no target", undefined],
      ["signed-cookie.ecdsa-p256", "not measured", "key generation failed"],
      ["signed-cookie.ecdsa-p256.floor", "not measured", "key generation failed"],
    ]);
    expect(lines.filter((l) => l.includes("error:"))).toHaveLength(5);
  });

  it("stop only their own series when sampled side by side", async () => {
    let calls = 0;
    const samples = await sampleSeries(3, {
      steady: async () => 1,
      flaky: async () => {
        calls += 1;
        if (calls === 2) throw new Error("child process exited 3");
        return 2;
      },
    });
    expect(valuesOf(samples.steady)).toEqual([1, 1, 1]);
    expect(calls).toBe(2);
    expect(() => valuesOf(samples.flaky)).toThrow("child process exited 3");
  });

  it("rotate their order every pass, so no series always runs after the same one", async () => {
    const order: string[] = [];
    const record = (name: string) => async () => {
      order.push(name);
      return 0;
    };
    await sampleSeries(3, { a: record("a"), b: record("b"), c: record("c") });
    expect(order.join("")).toBe("abcbcacab");
  });
});

describe("the JSON report", () => {
  it("has the run's context and every figure with its verdict", () => {
    const figures: Figure[] = [
      figureOf(spec({ comparison: "<=", threshold: 1.5 }), { value: 1.2 }),
      figureOf(spec(), { error: "no plan" }),
    ];
    const report = buildReport({
      date: "2026-01-02T03:04:05.000Z",
      commit: "0123456789abcdef0123456789abcdef01234567",
      dirty: false,
      node: "v20.0.0",
      machine: {
        cores: 2,
        model: "cpu",
        loadavg: { start: [0.5, 0.4, 0.3], end: [1, 0.5, 0.3] },
        totalmem: 1024,
      },
      figures,
    });
    const parsed = JSON.parse(JSON.stringify(report));
    expect(Object.keys(parsed)).toEqual(["date", "commit", "dirty", "node", "machine", "figures"]);
    expect(new Date(parsed.date).toISOString()).toBe(parsed.date);
    expect(Object.keys(parsed.machine)).toEqual(["cores", "model", "loadavg", "totalmem"]);
    expect(parsed.figures[0]).toEqual({
      id: "bearer.new-token",
      label: "bearer: a new token each request",
      value: 1.2,
      unit: "×",
      target: { comparison: "<=", threshold: 1.5 },
      verdict: "meets",
    });
    expect(parsed.figures[1]).toEqual({
      id: "bearer.new-token",
      label: "bearer: a new token each request",
      value: null,
      unit: "×",
      verdict: "not measured",
      error: "no plan",
    });
    expect(tally(figures)).toEqual({ meets: 1, misses: 0, "no target": 0, "not measured": 1 });
  });
});

describe("the targets table", () => {
  it("names each figure once, in a known section, with a sane target", () => {
    const ids = FIGURES.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const section of SECTIONS) expect(figuresOf(section).length).toBeGreaterThan(0);
    for (const figure of FIGURES as readonly FigureSpec[]) {
      if (figure.target !== undefined) expect(figure.target.threshold).toBeGreaterThan(0);
    }
  });
  it("holds the targets of the performance issue", () => {
    const targets = Object.fromEntries(
      (FIGURES as readonly FigureSpec[]).map((f) => [
        f.id,
        f.target && `${f.target.comparison} ${f.target.threshold} ${f.unit}`,
      ]),
    );
    expect(targets).toMatchObject({
      "bearer.new-token": "<= 1.5 ×",
      "bearer.own-work": "<= 3 µs",
      "bearer.expired": "<= 0.3 ×",
      "bearer.not-yet-valid": "<= 0.3 ×",
      "bearer.wrong-issuer": "<= 0.3 ×",
      "bearer.wrong-client": "<= 0.3 ×",
      "bearer.bad-signature": "<= 1.2 ×",
      "bearer.bad-signature.new": undefined,
      "bearer.realistic": "<= 0.25 ×",
      "bundle.bearer": "<= 8 KB",
      "bundle.session-checker": "<= 8 KB",
      "cold.bearer": "<= 7 ms",
      "cold.session-checker.public": "<= 7 ms",
      "cold.session-checker.get-item": "<= 5 ms",
      "signed-cookie.rsa-2048": ">= 0.95 ×",
      "signed-cookie.ecdsa-p256": ">= 0.95 ×",
      "session-checker.hit": undefined,
      "session-checker.miss": undefined,
      "plan-review.staging": undefined,
    });
  });
});

describe("rotated", () => {
  it("puts each series in each place once per turn, and none twice in a row across rounds", () => {
    const names = ["bare", "sets", "floor", "package"];
    const orders = [0, 1, 2, 3].map((round) => rotated(names, round));
    for (const [place] of names.entries()) {
      expect(new Set(orders.map((order) => order[place])).size).toBe(names.length);
    }
    const runs = orders.flat();
    expect(runs.some((name, i) => i > 0 && runs[i - 1] === name)).toBe(false);
    expect(rotated(names, 4)).toEqual(names);
  });
});
