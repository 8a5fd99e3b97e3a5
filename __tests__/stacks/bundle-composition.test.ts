// What each KB of an edge bundle is: the minified bytes each package and
// each folder of the project adds, and within them each file's, from
// esbuild's metafile of the very build the stack ships.
import * as path from "node:path";
import { bundle, bundleComposition } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";

const FUNCTIONS = path.resolve(__dirname, "../../functions");
const CHECKER = path.join(FUNCTIONS, "session-checker/handler.ts");
const BEARER = path.join(FUNCTIONS, "bearer-jwt/handler.ts");

describe("bundleComposition", () => {
  const checker = bundleComposition(CHECKER, EDGE_RUNTIME, { edge: true });

  it("gives each part's bytes as the sum of its files', largest first", () => {
    for (const part of checker) {
      expect(part.bytes).toBe(part.files.reduce((sum, file) => sum + file.bytes, 0));
      const sizes = part.files.map((file) => file.bytes);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    }
    const sizes = checker.map((part) => part.bytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it("accounts for the code of the shipped bundle, bar esbuild's own module glue", () => {
    const code = Buffer.byteLength(bundle(CHECKER, EDGE_RUNTIME, { edge: true }));
    const attributed = checker.reduce((sum, part) => sum + part.bytes, 0);
    expect(attributed).toBeLessThanOrEqual(code);
    expect(attributed).toBeGreaterThan(code * 0.95);
  });

  it("shows the session checker is edge-gate's own code only (decision records 0007, 0016)", () => {
    expect(checker.map((part) => part.source).filter((s) => !s.startsWith("functions/"))).toEqual(
      [],
    );
    const files = checker.flatMap((part) => part.files.map((file) => file.file));
    expect(files).toContain("functions/shared/sigv4.ts");
  });

  it("names a package by its name, and its files by their path", () => {
    const library = bundleComposition(BEARER, EDGE_RUNTIME, { edge: true }).find(
      (part) => part.source === "aws-jwt-verify",
    );
    expect(library?.files.map((file) => file.file)).toContain(
      "node_modules/aws-jwt-verify/dist/esm/jwt-verifier.js",
    );
  });
});
