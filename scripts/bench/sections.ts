// Which code measures which section. Each section's modules are loaded only
// when it runs: `--only bearer` then costs no bundling or key generation for
// the others, and a module that fails to load costs only its own section.
import { attempt, attemptAll, type Results } from "./report";
import type { SectionRunner } from "./run";
import type { Section } from "./targets";

export function sectionRunners(root: string): Record<Section, SectionRunner> {
  return {
    bundles: async (): Promise<Results> => ({
      "bundle.bearer": await attempt(async () =>
        (await import("./bearer-bundle")).bearerBundleSize(),
      ),
      "bundle.bearer.floor": await attempt(async () =>
        (await import("./bearer-bundle")).bearerBundleFloor(),
      ),
      "bundle.session-checker": await attempt(async () =>
        (await import("./session-checker")).sessionCheckerBundleSize(),
      ),
    }),
    bearer: async (): Promise<Results> => ({
      ...(await (await import("./bearer-jwt")).benchBearerWarm()),
      "bearer.cache-heap": await attempt(async () =>
        (await import("./bearer-cache")).bearerCacheHeap(),
      ),
    }),
    cold: async (): Promise<Results> => ({
      ...(await attemptAll(["cold.bearer", "cold.bearer.floor", "cold.bearer.library"], async () =>
        (await import("./bearer-bundle")).bearerColdStart(),
      )),
      ...(await attemptAll(
        [
          "cold.session-checker.public",
          "cold.session-checker.get-item",
          "cold.session-checker.get-item.floor",
        ],
        async () => (await import("./session-cold")).sessionCheckerColdStart(),
      )),
    }),
    "session-checker": async (): Promise<Results> => ({
      ...(await (await import("./session-checker")).benchSessionChecker()),
      "session-checker.cache-heap": await attempt(async () =>
        (await import("./session-cache")).sessionCacheHeap(),
      ),
    }),
    "signed-cookie": async () => (await import("./signed-cookie")).benchSignedCookies(),
    synth: async () => (await import("./synth")).benchSynth(root),
    "plan-review": async () => (await import("./plan-summary")).benchPlanSummary(root),
    peers: async () => (await import("./peers")).benchPeers(),
  };
}
