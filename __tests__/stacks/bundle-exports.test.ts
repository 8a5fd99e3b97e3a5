// What a bundle gives the Lambda runtime: the entry's named functions as
// plain properties of module.exports, in strict mode, and nothing of
// esbuild's ES-module interop (a getter per export and an __esModule flag,
// about 200 compressed bytes an edge zip would carry for nothing).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundle } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { BEARER_JWT_ENTRY } from "../../stacks/protection/bearer-jwt";
import { SESSION_CHECKER_ENTRY } from "../../stacks/protection/session-cookie";

/** `code` required from a file of its own, as the runtime requires index.js. */
function load(code: string): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-exports-"));
  try {
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Record<string, unknown>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each([
  ["bearer-jwt", BEARER_JWT_ENTRY],
  ["session-checker", SESSION_CHECKER_ENTRY],
])("the %s edge bundle", (_name, entry) => {
  const code = bundle(entry, EDGE_RUNTIME, { edge: true });
  const exported = load(code);

  it("exports handler and createHandler as plain functions", () => {
    expect(Object.keys(exported).sort()).toEqual(["createHandler", "handler"]);
    for (const name of ["handler", "createHandler"]) {
      const property = Object.getOwnPropertyDescriptor(exported, name);
      expect(property?.get).toBeUndefined();
      expect(typeof property?.value).toBe("function");
    }
  });

  it("carries none of esbuild's ES-module interop glue", () => {
    expect(Object.getOwnPropertyDescriptor(exported, "__esModule")).toBeUndefined();
    expect(code).not.toContain("__esModule");
    expect(code).not.toContain("getOwnPropertyDescriptor");
  });

  it("runs in strict mode, as the TypeScript modules it is made of do", () => {
    expect(code.startsWith('"use strict";')).toBe(true);
  });
});

describe("a bundle's exports", () => {
  it("are the names asked for", () => {
    const library = path.resolve(__dirname, "../../scripts/bench/library-alone.ts");
    const code = bundle(library, EDGE_RUNTIME, { edge: true, exports: ["JwtVerifier"] });
    expect(Object.keys(load(code))).toEqual(["JwtVerifier"]);
  });

  it("fail the build, naming the export, when the entry lacks one", () => {
    expect(() =>
      bundle(BEARER_JWT_ENTRY, EDGE_RUNTIME, { edge: true, exports: ["handler", "noSuchExport"] }),
    ).toThrow(/noSuchExport/);
  });
});
