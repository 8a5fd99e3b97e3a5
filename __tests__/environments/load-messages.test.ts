import dev from "../../environments/dev";
import { validateEnvironment } from "../../environments/schema/load";

type Editable = { protection: Record<string, unknown>; homeRegion?: unknown };

function problemsOf(edit: (raw: Editable) => void) {
  const raw = structuredClone(dev) as unknown as Editable;
  edit(raw);
  return validateEnvironment(raw, "environments/dev.ts").problems;
}

describe("messages for fields of the wrong type", () => {
  it("says a fraction is not a whole number, naming the value", () => {
    expect(problemsOf((raw) => (raw.protection.clockSkewSeconds = 1.5))).toEqual([
      {
        file: "environments/dev.ts",
        field: "protection.clockSkewSeconds",
        message: "expected a whole number; got 1.5",
      },
    ]);
  });

  it("says a string is not a number", () => {
    const [problem] = problemsOf((raw) => (raw.protection.clockSkewSeconds = "30"));
    expect(problem.message).toBe('expected a number; got "30"');
  });

  it("calls a missing field required", () => {
    const [problem] = problemsOf((raw) => delete raw.homeRegion);
    expect(problem).toMatchObject({ field: "homeRegion" });
    expect(problem.message).toMatch(/^required|region/);
  });
});
