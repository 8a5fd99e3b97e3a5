// cdktf records where each token was made: every Intrinsic and Lazy value
// captures a whole stack (no depth limit) on a plain object and reads it at
// once. Jest maps every frame of every stack through source maps, which made
// these records about a quarter of the stack suites' CPU. Here a
// stack captured on a plain object is written in V8's own format, frames at
// their generated positions; errors (what a failing test shows) are still
// mapped to the TypeScript lines.
type Capture = (target: object, below?: Function) => void; // eslint-disable-line @typescript-eslint/no-unsafe-function-type

const plainFormat = (error: unknown, frames: NodeJS.CallSite[]): string =>
  `${String(error)}${frames.map((frame) => `\n    at ${frame.toString()}`).join("")}`;

export function plainCreationStacks(): void {
  const capture: Capture = Error.captureStackTrace.bind(Error);
  const captureStackTrace: Capture = (target, below) => {
    if (Object.getPrototypeOf(target) !== Object.prototype) {
      capture(target, below);
      return;
    }
    const previous = Error.prepareStackTrace;
    Error.prepareStackTrace = plainFormat;
    try {
      capture(target, below ?? captureStackTrace);
      // Formatted on first read: read it while the plain format is in place.
      void (target as { stack?: unknown }).stack;
    } finally {
      Error.prepareStackTrace = previous;
    }
  };
  Error.captureStackTrace = captureStackTrace;
}
