// The heap a test can reason about: bytes in use after full garbage
// collections, so what is counted is what something still holds, never what
// it left for the collector. Sizes, not times: a verdict from these does not
// depend on the machine's speed or load.
import * as v8 from "node:v8";
import * as vm from "node:vm";

type Gc = () => void;
let gc: Gc | undefined;

/** Heap bytes in use once everything unreachable is collected. */
export function liveHeapBytes(): number {
  if (gc === undefined) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as Gc;
  }
  // Twice: a first collection may leave objects whose finalizers freed more.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
