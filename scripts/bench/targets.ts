// Every figure the benchmark reports, with its target where the project's
// performance issue sets one. One table, so the targets are read and changed
// in one place and a figure no section measures still shows up (as "not
// measured", with its target). Ratios are against a baseline measured in the
// same run, so a slower machine moves both sides; bundle sizes are absolute,
// and so is the bearer handler's own work (its label says so).

export const SECTIONS = [
  "bundles",
  "bearer",
  "cold",
  "session-checker",
  "signed-cookie",
  "synth",
  "plan-review",
  "peers",
] as const;
export type Section = (typeof SECTIONS)[number];

export interface Target {
  comparison: "<=" | ">=";
  threshold: number;
}

export interface FigureSpec {
  id: string;
  section: Section;
  label: string;
  /** "×" for a ratio against the baseline; otherwise the unit of an absolute figure. */
  unit: string;
  target?: Target;
  /**
   * The id of a figure of the same section, without a target of its own,
   * that measures the least any implementation must do for this one (same
   * unit). When the floor itself misses this figure's target, the target is
   * out of reach on the machine of that run, and the bench says so.
   */
  floor?: string;
}

const atMost = (threshold: number): Target => ({ comparison: "<=", threshold });
const atLeast = (threshold: number): Target => ({ comparison: ">=", threshold });
const cheapRefusal = atMost(0.3);

// The peers section's figures, none with a target: each figure for
// edge-gate's bearer function and for each peer, in that order.
const PEER_CONTENDERS = [
  ["edge-gate", "edge-gate bearer"],
  ["aws-samples", "aws-samples check-auth"],
  ["cognito-at-edge", "cognito-at-edge"],
] as const;
const PEER_MEASURES = [
  ["new-token", "a new token each request", "×"],
  ["same-token", "the same token again and again", "×"],
  ["expired", "expired token", "×"],
  ["bad-signature", "bad signature, one token sent again", "×"],
  ["cold", "cold, require + first request, CPU over bare node", "ms"],
  ["bundle", "bundle, zip -9 with its config", "KB"],
] as const;
type PeerFigureId =
  `peers.${(typeof PEER_CONTENDERS)[number][0]}.${(typeof PEER_MEASURES)[number][0]}`;

function peerFigures(): { id: PeerFigureId; section: "peers"; label: string; unit: string }[] {
  return PEER_MEASURES.flatMap(([measure, what, unit]) =>
    PEER_CONTENDERS.map(([contender, name]) => ({
      id: `peers.${contender}.${measure}` as const,
      section: "peers" as const,
      label: `peers: ${name}, ${what}`,
      unit,
    })),
  );
}

export const FIGURES = [
  {
    id: "bundle.bearer",
    section: "bundles",
    label: "bearer bundle, zip -9 with config.json",
    unit: "KB",
    target: atMost(8),
    floor: "bundle.bearer.floor",
  },
  {
    id: "bundle.bearer.floor",
    section: "bundles",
    label: "bundle floor: aws-jwt-verify alone, zip -9 with config.json",
    unit: "KB",
  },
  {
    id: "bundle.session-checker",
    section: "bundles",
    label: "session checker bundle, zip -9 with config.json",
    unit: "KB",
    target: atMost(8),
  },
  {
    id: "bearer.library",
    section: "bearer",
    label: "bearer: aws-jwt-verify verifySync alone",
    unit: "×",
  },
  {
    id: "bearer.new-token",
    section: "bearer",
    label: "bearer: a new token each request",
    unit: "×",
    target: atMost(1.5),
    floor: "bearer.new-token.floor",
  },
  {
    // The issue keeps aws-jwt-verify as the verifier: a new token's header
    // and payload decoded, then the library's check, and nothing else.
    id: "bearer.new-token.floor",
    section: "bearer",
    label: "bearer floor: token decoded, the library's check of it",
    unit: "×",
  },
  {
    id: "bearer.own-work",
    section: "bearer",
    label: "bearer: handler's own work over the library (absolute)",
    unit: "µs",
    target: atMost(3),
  },
  {
    id: "bearer.same-token",
    section: "bearer",
    label: "bearer: the same token again and again",
    unit: "×",
  },
  {
    id: "bearer.realistic",
    section: "bearer",
    label: "bearer: realistic, each token for 20 requests",
    unit: "×",
    target: atMost(0.25),
  },
  {
    id: "bearer.cache-heap",
    section: "bearer",
    label: "bearer: verified-token cache heap per 10,000 entries",
    unit: "KB",
  },
  {
    id: "bearer.expired",
    section: "bearer",
    label: "bearer: expired token",
    unit: "×",
    target: cheapRefusal,
  },
  {
    id: "bearer.not-yet-valid",
    section: "bearer",
    label: "bearer: not-yet-valid token",
    unit: "×",
    target: cheapRefusal,
  },
  {
    id: "bearer.wrong-issuer",
    section: "bearer",
    label: "bearer: wrong-issuer token",
    unit: "×",
    target: cheapRefusal,
  },
  {
    id: "bearer.wrong-client",
    section: "bearer",
    label: "bearer: wrong-client token",
    unit: "×",
    target: cheapRefusal,
  },
  {
    // One token sent again and again, as this figure has been measured since
    // the issue set its target: after the first, refused from memory.
    id: "bearer.bad-signature",
    section: "bearer",
    label: "bearer: bad signature, one token sent again",
    unit: "×",
    target: atMost(1.2),
  },
  {
    // What a forger who changes the signature with every request costs: a
    // full check each time, which no memory of refusals can spare.
    id: "bearer.bad-signature.new",
    section: "bearer",
    label: "bearer: bad signature, a new one each request",
    unit: "×",
  },
  {
    id: "cold.bearer",
    section: "cold",
    label: "cold: bearer require + first request, CPU over bare node",
    unit: "ms",
    target: atMost(7),
    floor: "cold.bearer.floor",
  },
  {
    id: "cold.bearer.floor",
    section: "cold",
    label: "cold floor: load crypto, read config, one RS256 verify",
    unit: "ms",
  },
  {
    // The issue keeps aws-jwt-verify as the verifier: what it alone costs a
    // cold start, so the bearer figure's own share shows.
    id: "cold.bearer.library",
    section: "cold",
    label: "cold: aws-jwt-verify alone, create + first verifySync",
    unit: "ms",
  },
  {
    id: "cold.session-checker.public",
    section: "cold",
    label: "cold: session checker, public path, CPU over bare node",
    unit: "ms",
    target: atMost(7),
  },
  {
    id: "cold.session-checker.get-item",
    section: "cold",
    label: "cold: session checker's first GetItem, CPU over a bare request",
    unit: "ms",
    target: atMost(5),
    floor: "cold.session-checker.get-item.floor",
  },
  {
    id: "cold.session-checker.get-item.floor",
    section: "cold",
    label: "cold floor: the bare request signed, over it unsigned",
    unit: "ms",
  },
  {
    id: "session-checker.hit",
    section: "session-checker",
    label: "session checker: cache hit",
    unit: "×",
  },
  {
    id: "session-checker.miss",
    section: "session-checker",
    label: "session checker: cache miss (GetItem + checks)",
    unit: "×",
  },
  {
    id: "session-checker.cache-heap",
    section: "session-checker",
    label: "session checker: look-up cache heap per 10,000 entries",
    unit: "KB",
  },
  {
    id: "signed-cookie.rsa-2048",
    section: "signed-cookie",
    label: "signed-cookie sets per second, RSA 2048",
    unit: "×",
    target: atLeast(0.95),
    floor: "signed-cookie.rsa-2048.floor",
  },
  {
    id: "signed-cookie.rsa-2048.floor",
    section: "signed-cookie",
    label: "signed-cookie floor, RSA 2048: bytes, signature, base64",
    unit: "×",
  },
  {
    id: "signed-cookie.ecdsa-p256",
    section: "signed-cookie",
    label: "signed-cookie sets per second, ECDSA P-256",
    unit: "×",
    target: atLeast(0.95),
    floor: "signed-cookie.ecdsa-p256.floor",
  },
  {
    id: "signed-cookie.ecdsa-p256.floor",
    section: "signed-cookie",
    label: "signed-cookie floor, ECDSA P-256: bytes, signature, base64",
    unit: "×",
  },
  {
    id: "synth.all",
    section: "synth",
    label: "synth of all environments (tsx main.ts)",
    unit: "ms",
  },
  {
    id: "plan-review.staging",
    section: "plan-review",
    label: "plan review + Markdown of the staging plan",
    unit: "×",
  },
  ...peerFigures(),
] as const satisfies readonly FigureSpec[];

export type FigureId = (typeof FIGURES)[number]["id"];

export const figuresOf = (section: Section): readonly FigureSpec[] =>
  FIGURES.filter((figure) => figure.section === section);
