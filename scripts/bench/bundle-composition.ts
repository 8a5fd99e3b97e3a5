// What each KB of an edge bundle is: its size minified and zipped, and the
// minified bytes each package and folder of this project adds to it.
import { bundleComposition } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { kb, zipSize } from "./measure";

/** Prints `name`'s sizes and composition (an edge bundle of `entry` whose code is `code`). */
export function printBundleComposition(name: string, entry: string, code: string): void {
  console.log(
    `  ${name}: ${kb(Buffer.byteLength(code))} minified, ${kb(zipSize({ "index.js": code }))} zipped alone`,
  );
  const parts = bundleComposition(entry, EDGE_RUNTIME, { edge: true });
  console.log(
    `    of which ${parts.map(({ source, bytes }) => `${source} ${kb(bytes)}`).join(", ")}`,
  );
}
