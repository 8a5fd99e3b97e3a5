// The heap the bearer verifier's cache of verified tokens holds per 10,000
// entries, filled the way the verifier fills it (each entry keeps its token,
// keyed by the token's end, with the outcome built from its parsed claims),
// next to the same entries in a plain Map keyed by the whole token string.
import { randomBytes } from "node:crypto";
import {
  acceptedOutcome,
  createVerifiedTokens,
  VERIFIED_TOKENS_CACHED,
} from "../../functions/shared/access-token-verifier";
import { accessTokenClaims, b64url } from "../../__tests__/support/jwt-fixtures";
import { ISSUER } from "./bearer-fixtures";
import { kb, retainedHeapBytes } from "./measure";
import type { Measurement } from "./report";

const ENTRIES = 10_000;

/** A token as the verifier sees it, with a real ~1 KB shape; the signature is never checked here. */
function tokenAndPayload() {
  const payload = accessTokenClaims(ISSUER);
  const token = [
    b64url(JSON.stringify({ kid: "bench-key", alg: "RS256" })),
    b64url(JSON.stringify(payload)),
    // Distinct signatures, as real tokens have: entries are keyed by their end.
    b64url(randomBytes(256)),
  ].join(".");
  // As decomposeToken hands it over: parsed from the token's own text.
  return { token, payload: JSON.parse(JSON.stringify(payload)) };
}

export function bearerCacheHeap(): Measurement {
  // As many full caches of the deployed size as make 10,000 entries.
  const digestKeyed = retainedHeapBytes(() =>
    Array.from({ length: ENTRIES / VERIFIED_TOKENS_CACHED }, () => {
      const cache = createVerifiedTokens(30);
      for (let i = 0; i < VERIFIED_TOKENS_CACHED; i++) {
        const { token, payload } = tokenAndPayload();
        cache.set(token, { value: acceptedOutcome(payload), exp: payload.exp });
      }
      if (cache.size !== VERIFIED_TOKENS_CACHED) throw new Error(`a cache kept ${cache.size}`);
      return cache;
    }),
  );
  const tokenKeyed = retainedHeapBytes(() => {
    const map = new Map<string, { value: unknown; exp: number }>();
    for (let i = 0; i < ENTRIES; i++) {
      const { token, payload } = tokenAndPayload();
      map.set(token, { value: acceptedOutcome(payload), exp: payload.exp });
    }
    return map;
  });
  console.log(`  cache of 10,000 verified tokens keyed by the whole token: ${kb(tokenKeyed)}`);
  return { value: digestKeyed / 1024 };
}
