// What each KB of an edge bundle is: its size minified and zipped, the
// minified bytes each package and folder of this project adds to it, and
// its largest files.
import * as path from "node:path";
import { bundleComposition, type BundlePart } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { kb, zipSize } from "./measure";

/** How many of the largest files are named. */
const LARGEST_FILES = 8;

/** `session-checker/parse-config.ts`, or `aws-jwt-verify/jwt-verifier.js` for a package's file. */
function shortName(part: BundlePart, file: string): string {
  return file.startsWith("node_modules/")
    ? `${part.source}/${path.basename(file)}`
    : file.replace(/^functions\//, "");
}

/** Prints `name`'s sizes and composition (an edge bundle of `entry` whose code is `code`). */
export function printBundleComposition(name: string, entry: string, code: string): void {
  console.log(
    `  ${name}: ${kb(Buffer.byteLength(code))} minified, ${kb(zipSize({ "index.js": code }))} zipped alone`,
  );
  const parts = bundleComposition(entry, EDGE_RUNTIME, { edge: true });
  console.log(
    `    of which ${parts.map(({ source, bytes }) => `${source} ${kb(bytes)}`).join(", ")}`,
  );
  const largest = parts
    .flatMap((part) =>
      part.files.map(({ file, bytes }) => ({ name: shortName(part, file), bytes })),
    )
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, LARGEST_FILES);
  console.log(`    largest files: ${largest.map((f) => `${f.name} ${kb(f.bytes)}`).join(", ")}`);
}
