// Bearer-JWT benchmark section: the shipped handler's warm time per request, for
// good tokens and for each kind of refused one, next to one bare RS256
// crypto.verify of a token measured in the same round. The library alone
// (aws-jwt-verify verifySync, bundled as the edge bundles bundle it) runs
// too, on new tokens as the handler's new-token case gets them: the
// handler's own work is the part above it. So does the new-token figure's
// floor (new-token-floor.ts): the least any check that keeps the library
// must do for a new token.
import type { createHandler } from "../../functions/bearer-jwt/handler";
import {
  edgeBundledJwtVerifier,
  edgeBundledNewTokenFloor,
  shippedCreateHandler,
} from "./bearer-bundle";
import {
  bareVerify,
  config,
  eventWith,
  ISSUER,
  newBadSignature,
  newToken,
  refusedTokens,
  token,
  type ViewerEvent,
} from "./bearer-fixtures";
import {
  collectYoungGarbage,
  median,
  pairedDifferenceWithSpread,
  pairedRatioWithSpread,
  rotated,
} from "./measure";
import { attempt, type Baseline, type Results } from "./report";
import type { FigureId } from "./targets";

// One full turn of the rotated order (the library, the floor and the nine cases).
const ROUNDS = 11;
/** Requests per round of a case that verifies a signature, and tokens for the library alone. */
const PER_ROUND = 1000;
/**
 * Requests per round of a case that verifies no signature (a cache hit, a
 * refusal): at a few µs each, 1000 would last a few ms, which one interrupt
 * or preemption on a shared machine moves by tens of percent.
 */
const CHEAP_PER_ROUND = 4000;
/** The realistic mix: a page's images and API calls reuse one token this many times. */
const USES_PER_TOKEN = 20;

type Handle = ReturnType<typeof createHandler>;
type Expected = "pass" | "401";

interface Case {
  id: FigureId;
  expect: Expected;
  /** Requests per round. */
  requests: number;
  /** The token of each request of one round (a new function per round). */
  tokens: () => (request: number) => string;
}

function cases(): Case[] {
  const refused = Object.entries(refusedTokens()).map(([id, bad]) => ({
    id: id as FigureId,
    expect: "401" as const,
    // Found before any signature check, or (a bad signature sent again) from
    // the memory of refused signatures.
    requests: CHEAP_PER_ROUND,
    tokens: () => () => bad,
  }));
  return [
    // Each token new: every request is a full verify, the cache cannot help.
    {
      id: "bearer.new-token",
      expect: "pass",
      requests: PER_ROUND,
      tokens: () => () => newToken(),
    },
    {
      id: "bearer.same-token",
      expect: "pass",
      requests: CHEAP_PER_ROUND,
      tokens: () => () => token,
    },
    {
      id: "bearer.realistic",
      expect: "pass",
      requests: CHEAP_PER_ROUND,
      tokens: () => {
        const made: string[] = [];
        return (request) => (made[Math.floor(request / USES_PER_TOKEN)] ??= newToken());
      },
    },
    ...refused,
    // A new bad signature each request: a full RSA check every time.
    {
      id: "bearer.bad-signature.new",
      expect: "401",
      requests: PER_ROUND,
      tokens: () => () => newBadSignature(),
    },
  ];
}

/** One round's events, built (and their tokens signed) before the clock starts. */
function roundEvents(c: Case): ViewerEvent[] {
  const tokenOf = c.tokens();
  return Array.from({ length: c.requests }, (_, i) => eventWith(tokenOf(i)));
}

function check(result: unknown, expected: Expected): void {
  const { uri, status } = result as { uri?: string; status?: string };
  const got = uri !== undefined ? "pass" : (status ?? "nothing");
  if (got !== expected) throw new Error(`expected ${expected}, the handler answered ${got}`);
}

async function microsecondsPerRequest(handle: Handle, events: ViewerEvent[]): Promise<number> {
  const t = process.hrtime.bigint();
  for (const e of events) await handle(e);
  return Number(process.hrtime.bigint() - t) / events.length / 1000;
}

/** One round's new tokens, signed before the clock starts. */
const newTokens = () => Array.from({ length: PER_ROUND }, newToken);

/**
 * A series that times `check` on the new tokens `tokens` makes, starting on
 * a collected young generation, and adds the time per token to `times`.
 */
const newTokenSeries =
  (tokens: () => string[], check: (token: string) => unknown, times: number[]) => () => {
    const made = tokens();
    collectYoungGarbage();
    times.push(microsecondsPerCall((i) => check(made[i])));
  };

function microsecondsPerCall(run: (i: number) => unknown): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) run(i);
  return Number(process.hrtime.bigint() - t) / PER_ROUND / 1000;
}

export async function benchBearerWarm(): Promise<Results> {
  // The handler as shipped: the bundle, with the aliases it is built with.
  const handle = shippedCreateHandler()(config);
  bareVerify();
  // The library alone, same token, no handler around it: the same library
  // code as in the bundle, platform layer included.
  const library = edgeBundledJwtVerifier().create({
    issuer: ISSUER,
    audience: null,
    jwksUri: config.jwksUri,
  });
  library.cacheJwks(config.jwks as Parameters<typeof library.cacheJwks>[0]);
  library.verifySync(token);
  const floor = edgeBundledNewTokenFloor()(config);
  floor(token);

  // A case whose token is not judged as it should be would time the wrong
  // path: it is reported as an error and left out of the rounds.
  const results: Results = {};
  const live: Case[] = [];
  for (const c of cases()) {
    const checked = await attempt(async () => {
      check(await handle(eventWith(c.tokens()(0))), c.expect);
      return { value: 0 };
    });
    if ("error" in checked) results[c.id] = checked;
    else live.push(c);
  }

  const verifyTimes: number[] = [];
  const libraryTimes: number[] = [];
  const floorTimes: number[] = [];
  const times = new Map<FigureId, number[]>(live.map((c) => [c.id, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // The baseline before and after the round's cases: a load change
    // during the round moves it as it moves them.
    // Each series starts on a collected young generation, right after its
    // events are built (and their tokens signed): that garbage, and the
    // series before it, are not charged to it (collectYoungGarbage says why
    // not a full collection). Built per series, not per round, so the
    // round's events are never all alive at once.
    collectYoungGarbage();
    const before = microsecondsPerCall(bareVerify);
    // The library, the floor and the cases in an order that rotates by one
    // each round: each runs in each place equally often, so none always gets
    // the caches and branch history another similar series left behind.
    const series = [
      newTokenSeries(newTokens, (token) => library.verifySync(token), libraryTimes),
      // Flat strings, as a parsed event hands its tokens over.
      newTokenSeries(() => JSON.parse(JSON.stringify(newTokens())) as string[], floor, floorTimes),
      ...live.map((c) => async () => {
        const events = roundEvents(c);
        collectYoungGarbage();
        times.get(c.id)?.push(await microsecondsPerRequest(handle, events));
      }),
    ];
    for (const run of rotated(series, round)) await run();
    collectYoungGarbage();
    verifyTimes.push((before + microsecondsPerCall(bareVerify)) / 2);
  }

  console.log(
    `  median of ${ROUNDS} rounds x ${PER_ROUND} requests (${CHEAP_PER_ROUND} where no signature is checked), JWKS preloaded`,
  );
  const baseline: Baseline = {
    label: "bare RS256 crypto.verify",
    value: median(verifyTimes),
    unit: "µs",
  };
  const ratio = (values: number[]) => ({
    ...pairedRatioWithSpread(values, verifyTimes),
    baseline,
  });
  results["bearer.library"] = ratio(libraryTimes);
  results["bearer.new-token.floor"] = ratio(floorTimes);
  for (const [id, values] of times) results[id] = ratio(values);
  const fresh = times.get("bearer.new-token");
  if (fresh !== undefined) {
    results["bearer.own-work"] = {
      ...pairedDifferenceWithSpread(fresh, libraryTimes),
      baseline: { label: "verifySync alone", value: median(libraryTimes), unit: "µs" },
    };
  } else {
    results["bearer.own-work"] = { error: "the new-token case did not run" };
  }
  return results;
}
