// The JWKS cache every token verifier here uses: aws-jwt-verify's
// SimpleJwksCache with a global-fetch fetcher (bounded in time, plain http
// allowed for loopback issuers) and a parser that turns a body that is not a
// JWKS into a fetch failure, so callers can tell "issuer down" (503) from
// "bad token" (401).
import { assertIsJwks, SimpleJwksCache, type Jwks } from "aws-jwt-verify/jwk";
import { safeJsonParse } from "aws-jwt-verify/safe-json-parse";
import { createJsonFetcher, FetchFailedError } from "./json-fetcher";

/** A fetched JWKS that is not valid JSON or not a JWKS is as unusable as no JWKS. */
function parseFetchedJwks(body: ArrayBuffer): Jwks {
  try {
    const jwks = safeJsonParse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    assertIsJwks(jwks);
    return jwks;
  } catch {
    throw new FetchFailedError("not a JWKS");
  }
}

/** A JWKS cache whose fetches give up after `timeoutMs`. */
export function createJwksCache(timeoutMs: number): SimpleJwksCache {
  return new SimpleJwksCache({
    fetcher: createJsonFetcher(timeoutMs),
    jwksParser: parseFetchedJwks,
  });
}
