// Jest's TypeScript transform: esbuild, which also builds the deployed
// bundles (stacks/bundle.ts) and runs the CLIs (tsx). Each file is compiled
// alone, as tsconfig.json's isolatedModules requires of all of them; types
// are checked once, by `npm run lint` (tsc --noEmit). About five times as
// fast as TypeScript's own transpiler on this project's files.
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const path = require("node:path");
const { transformSync, version } = require("esbuild");

const PROJECT = path.resolve(require.resolve("../../package.json"), "..");
const tsconfig = JSON.parse(readFileSync(path.join(PROJECT, "tsconfig.json"), "utf8"));
const target = tsconfig.compilerOptions.target.toLowerCase();
// This file is part of every cache key: a change here recompiles everything.
const self = readFileSync(require.resolve("./esbuild-transform.js"));

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: "ts",
      format: "cjs",
      target,
      sourcefile: filename,
      sourcemap: "external",
      tsconfigRaw: { compilerOptions: tsconfig.compilerOptions },
    });
    return { code, map };
  },

  getCacheKey(source, filename) {
    return createHash("sha256")
      .update(version)
      .update("\0")
      .update(self)
      .update("\0")
      .update(JSON.stringify(tsconfig))
      .update("\0")
      .update(filename)
      .update("\0")
      .update(source)
      .digest("hex");
  },
};
