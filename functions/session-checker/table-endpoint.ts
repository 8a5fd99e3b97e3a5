// Which copy of the session table an edge replica reads, and at what URL.
// Lambda@Edge runs in the region closest to the viewer; reading the replica
// in that region (global table) saves a cross-ocean round trip per miss.
// Pure, so the stack, the config check and the look-up agree on one rule.
import type { SessionTableLocation } from "./config";

/**
 * The region to read: the one this function runs in (`AWS_REGION`, which
 * Lambda sets to the replica's region) when it holds a copy of the table,
 * else the table's home region.
 */
export function lookupRegion(table: SessionTableLocation, runningIn: string | undefined): string {
  if (runningIn !== undefined && table.replicaRegions.includes(runningIn)) return runningIn;
  return table.homeRegion;
}

/** The endpoint URL for `region`: every `{region}` of the template filled in. */
export function endpointFor(template: string, region: string): string {
  // split/join, not replace(): "$&" patterns must not be interpreted.
  return template.split("{region}").join(region);
}
