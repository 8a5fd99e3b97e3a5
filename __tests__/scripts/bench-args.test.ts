// The command line of `npm run bench`: strict parsing, sections by name,
// and a one-line refusal for anything it does not know.
import { parseBenchArgs } from "../../scripts/bench/args";
import { SECTIONS } from "../../scripts/bench/targets";

describe("parseBenchArgs", () => {
  it("runs every section by default, or the chosen ones in table order", () => {
    expect(parseBenchArgs([])).toEqual({
      kind: "run",
      options: { sections: [...SECTIONS], json: undefined, strict: false },
    });
    expect(
      parseBenchArgs(["--only", "synth", "--only", "bearer", "--json", "out.json", "--strict"]),
    ).toEqual({
      kind: "run",
      options: { sections: ["bearer", "synth"], json: "out.json", strict: true },
    });
    expect(parseBenchArgs(["-h"])).toEqual({ kind: "help" });
  });

  it("refuses unknown options, positionals and sections in one line", () => {
    for (const argv of [["--bogus"], ["extra"], ["--only", "nope"], ["--json"]]) {
      const parsed = parseBenchArgs(argv);
      expect(parsed.kind).toBe("error");
      if (parsed.kind === "error") expect(parsed.message).not.toContain("\n");
    }
  });
});
