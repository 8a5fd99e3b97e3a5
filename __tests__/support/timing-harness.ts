// Time limits in tests, so that no verdict depends on how busy the machine
// is. A call that is expected to succeed against a loopback service gets a
// generous limit: a slow machine makes it slower, never different. A
// time-out is proved only against a server that never answers, either with a
// short limit or on a fake clock that moves only when the test says so.

// The limit handed to calls expected to succeed against loopback services;
// the stand-ins under local/ use it too.
export { GENEROUS_TIMEOUT_MS } from "../../local/stand-ins/timing";

/** Jest's time-out for tests that run thousands of loopback round trips. */
export const LONG_TEST_TIMEOUT_MS = 600_000;

/** Every API jest can fake but the two that time limits are built on. */
const REAL_APIS = [
  "Date",
  "hrtime",
  "nextTick",
  "performance",
  "queueMicrotask",
  "requestAnimationFrame",
  "cancelAnimationFrame",
  "requestIdleCallback",
  "cancelIdleCallback",
  "setImmediate",
  "clearImmediate",
  "setInterval",
  "clearInterval",
] as const;

/**
 * Fakes setTimeout and clearTimeout only: sockets, setImmediate and the
 * clock keep working, while every time limit set from now on waits for
 * jest.advanceTimersByTime. Undo with jest.useRealTimers().
 */
export function fakeTimeouts(): void {
  jest.useFakeTimers({ doNotFake: [...REAL_APIS] });
}

/** One turn of the event loop (setImmediate is never faked here). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `action` with setTimeout faked, moving the fake clock `stepMs` per
 * turn of the event loop until it settles: the code's own time limits end a
 * call to a server that never answers, in however few turns, and so whatever
 * the load. Real timers are restored before this returns.
 */
export async function settleOnFakeClock<T>(action: () => Promise<T>, stepMs = 1000): Promise<T> {
  fakeTimeouts();
  try {
    let settled = false;
    const outcome = action().finally(() => {
      settled = true;
    });
    for (let turn = 0; !settled; turn += 1) {
      if (turn === 100_000) throw new Error("not settled after 100 000 turns of the fake clock");
      await nextTurn();
      jest.advanceTimersByTime(stepMs);
    }
    return await outcome;
  } finally {
    jest.useRealTimers();
  }
}
