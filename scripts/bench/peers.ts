// Peers benchmark section: edge-gate's bearer function side by side with
// the two peers issue 16 measured it against (peer-builds.ts), in one run,
// on this machine, as the issue measured them: warm time per request for a
// new token, the same token again and again, an expired one and a bad
// signature sent again, each as a ratio to one bare RS256 crypto.verify
// timed in the same round; the cold start (require + first valid request,
// CPU over a bare node); and the zip. The issue's own peer figures were
// measured elsewhere; these say where edge-gate stands against the same
// peers here.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bearerCode, firstRequestScript, loadCode, writePackage } from "./bearer-bundle";
import {
  bareVerify,
  config,
  eventWith,
  newToken,
  refusedTokens,
  token,
  withFlippedSignature,
} from "./bearer-fixtures";
import {
  collectYoungGarbage,
  cpuOfNode,
  median,
  microsecondsPerCall,
  pairedRatioWithSpread,
  rotated,
  sampleSeries,
  scriptCpuOverBare,
  zipSize,
} from "./measure";
import { nowSeconds } from "../../__tests__/support/jwt-fixtures";
import { cookieEvent, idToken, PEER_NAMES, peerBuild } from "./peer-builds";
import { attempt, oneLine, type Baseline, type Outcome, type Results } from "./report";
import type { FigureId } from "./targets";

export const CONTENDERS = ["edge-gate", ...PEER_NAMES] as const;
type Contender = (typeof CONTENDERS)[number];
const KINDS = ["new-token", "same-token", "expired", "bad-signature"] as const;
type Kind = (typeof KINDS)[number];

const ROUNDS = 10;
const REQUESTS = 1000;
/** edge-gate answers all but a new token without a signature check: a few µs each, so more of them. */
const CHEAP_REQUESTS = 4000;
const COLD_RUNS = 15;

type Handle = (event: object) => Promise<unknown>;

interface Built {
  code: string;
  files: Record<string, string>;
  /** The viewer request carrying `token` the way this contender reads it. */
  event: (token: string) => object;
  /** A fresh valid token, one valid token always the same, an expired one, one with a bad signature. */
  fresh: () => string;
  same: () => string;
  expired: () => string;
  badSignature: () => string;
}

function built(contender: Contender): Built {
  if (contender === "edge-gate") {
    const refused = refusedTokens();
    return {
      code: bearerCode(),
      files: { "config.json": JSON.stringify(config) },
      event: eventWith,
      fresh: newToken,
      same: () => token,
      expired: () => refused["bearer.expired"],
      badSignature: () => refused["bearer.bad-signature"],
    };
  }
  const peer = peerBuild(contender);
  const now = nowSeconds();
  const expired = idToken({ iat: now - 7200, auth_time: now - 7200, exp: now - 3600 });
  const bad = withFlippedSignature(idToken());
  const same = idToken();
  return {
    ...peer,
    event: cookieEvent,
    fresh: () => idToken(),
    same: () => same,
    expired: () => expired,
    badSignature: () => bad,
  };
}

/** The contender's handler, loaded from the very code its zip holds. */
function handleOf(contender: Contender, build: Built): Handle {
  if (contender === "edge-gate") {
    const { createHandler } = loadCode<{ createHandler: (c: typeof config) => Handle }>(build.code);
    return createHandler(config);
  }
  return loadCode<{ handler: Handle }>(build.code, build.files).handler;
}

const figureId = (contender: Contender, what: Kind | "cold" | "bundle") =>
  `peers.${contender}.${what}` as FigureId;

/** Passed on (the request back) or refused (an answer): a case judged otherwise is not timed. */
function expectOutcome(result: unknown, kind: Kind): void {
  const passed = (result as { uri?: unknown }).uri !== undefined;
  if (passed !== (kind === "new-token" || kind === "same-token")) {
    throw new Error(`${kind}: the handler ${passed ? "passed it" : "refused it"}`);
  }
}

interface Case {
  contender: Contender;
  kind: Kind;
  handle: Handle;
  events: () => object[];
}

function casesOf(contender: Contender, build: Built, handle: Handle): Case[] {
  const tokenFor: Record<Kind, () => string> = {
    "new-token": build.fresh,
    "same-token": build.same,
    expired: build.expired,
    "bad-signature": build.badSignature,
  };
  return KINDS.map((kind) => {
    // edge-gate answers these from memory or before any signature check.
    const cheap = contender === "edge-gate" && kind !== "new-token";
    const requests = cheap ? CHEAP_REQUESTS : REQUESTS;
    return {
      contender,
      kind,
      handle,
      events: () => Array.from({ length: requests }, () => build.event(tokenFor[kind]())),
    };
  });
}

async function warmFigures(builds: Record<Contender, Built>): Promise<Results> {
  const results: Results = {};
  const live: Case[] = [];
  for (const contender of CONTENDERS) {
    let handle: Handle;
    try {
      handle = handleOf(contender, builds[contender]);
    } catch (error) {
      const failed = { error: oneLine(error) };
      for (const kind of KINDS) results[figureId(contender, kind)] = failed;
      continue;
    }
    for (const c of casesOf(contender, builds[contender], handle)) {
      const checked = await attempt(async () => {
        expectOutcome(await handle(c.events()[0]), c.kind);
        return { value: 0 };
      });
      if ("error" in checked) results[figureId(contender, c.kind)] = checked;
      else live.push(c);
    }
  }

  const verifyTimes: number[] = [];
  const times = new Map<Case, number[]>(live.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    collectYoungGarbage();
    const before = await microsecondsPerCall(REQUESTS, bareVerify);
    // Rotated, each series in each place equally often; each starts on a
    // collected young generation, its events (and their tokens) built first.
    for (const c of rotated(live, round)) {
      const events = c.events();
      collectYoungGarbage();
      times.get(c)?.push(await microsecondsPerCall(events.length, (i) => c.handle(events[i])));
    }
    collectYoungGarbage();
    verifyTimes.push((before + (await microsecondsPerCall(REQUESTS, bareVerify))) / 2);
  }
  const baseline: Baseline = {
    label: "bare RS256 crypto.verify",
    value: median(verifyTimes),
    unit: "µs",
  };
  for (const [c, values] of times) {
    results[figureId(c.contender, c.kind)] = {
      ...pairedRatioWithSpread(values, verifyTimes),
      baseline,
    };
  }
  return results;
}

async function coldFigures(builds: Record<Contender, Built>): Promise<Results> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-"));
  try {
    const cold = {} as Record<Contender, () => Promise<Awaited<ReturnType<typeof cpuOfNode>>>>;
    for (const contender of CONTENDERS) {
      const build = builds[contender];
      const dir = path.join(root, contender);
      fs.mkdirSync(dir);
      writePackage(dir, build.code, {
        ...build.files,
        "event.json": JSON.stringify(build.event(build.fresh())),
      });
      cold[contender] = () => cpuOfNode(firstRequestScript("./index.js"), dir);
    }
    const samples = await sampleSeries(COLD_RUNS, { bare: () => cpuOfNode("", root), ...cold });
    const results: Results = {};
    for (const contender of CONTENDERS) {
      results[figureId(contender, "cold")] = await attempt(() =>
        scriptCpuOverBare(samples[contender], samples.bare),
      );
    }
    return results;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function bundleFigures(builds: Record<Contender, Built>): Results {
  const results: Results = {};
  for (const contender of CONTENDERS) {
    const { code, files } = builds[contender];
    results[figureId(contender, "bundle")] = {
      value: zipSize({ "index.js": code, ...files }) / 1024,
    };
  }
  return results;
}

const valueOf = (outcome: Outcome | undefined) =>
  outcome !== undefined && "value" in outcome ? outcome.value : undefined;

const spreadOf = (outcome: Outcome | undefined) =>
  outcome !== undefined && "spread" in outcome ? outcome.spread : undefined;

/** Whether two figures' middle halves overlap: the run cannot tell them apart. */
function overlap(a: Outcome | undefined, b: Outcome | undefined): boolean {
  const x = spreadOf(a);
  const y = spreadOf(b);
  return x !== undefined && y !== undefined && x.low <= y.high && y.low <= x.high;
}

/**
 * One line per figure: edge-gate against each peer, lower is better for
 * every one of them. "ahead" only when edge-gate is below both peers; a lead
 * is "within noise" of each peer whose middle half edge-gate's overlaps, and
 * a deficit is when that holds of every peer edge-gate is not below.
 */
export function comparisonLines(results: Results): string[] {
  const figures = [...KINDS, "cold", "bundle"] as const;
  let ahead = 0;
  const lines = figures.map((what) => {
    const ownOutcome = results[figureId("edge-gate", what)];
    const own = valueOf(ownOutcome);
    const peers = PEER_NAMES.map((peer) => valueOf(results[figureId(peer, what)]));
    if (own === undefined || peers.some((v) => v === undefined)) {
      return `  ${what}: not compared (a figure is missing)`;
    }
    const isAhead = peers.every((v) => own < (v as number));
    if (isAhead) ahead++;
    const rivals = PEER_NAMES.filter((_, i) => isAhead || own >= (peers[i] as number));
    const close = rivals.filter((peer) => overlap(ownOutcome, results[figureId(peer, what)]));
    const noise = `within noise of ${close.join(" and ")} (middle halves overlap)`;
    const verdict = isAhead
      ? close.length > 0
        ? `ahead, ${noise}`
        : "ahead"
      : close.length === rivals.length
        ? `not ahead, ${noise}`
        : "not ahead";
    const shown = PEER_NAMES.map((peer, i) => `${peer} ${(peers[i] as number).toFixed(2)}`);
    return `  ${what}: edge-gate ${own.toFixed(2)}, ${shown.join(", ")}: ${verdict}`;
  });
  return [
    ...lines,
    `  edge-gate is ahead of both peers on ${ahead} of ${figures.length} figures here`,
  ];
}

export async function benchPeers(): Promise<Results> {
  const builds = {} as Record<Contender, Built>;
  for (const contender of CONTENDERS) builds[contender] = built(contender);
  const results: Results = {
    ...bundleFigures(builds),
    ...(await warmFigures(builds)),
    ...(await coldFigures(builds)),
  };
  console.log(
    `  warm: median of ${ROUNDS} rounds x ${REQUESTS} requests (edge-gate's cached token and refusals ${CHEAP_REQUESTS}), ratios to a bare RS256 verify; JWKS preloaded in all three`,
  );
  for (const line of comparisonLines(results)) console.log(line);
  return results;
}
