// Time limits of the stand-ins' own calls: generous, so that a busy machine
// makes a start or a call slower, never a failure (tests re-export it from
// __tests__/support/timing-harness.ts).

/** The limit handed to calls expected to succeed against loopback services. */
export const GENEROUS_TIMEOUT_MS = 60_000;
