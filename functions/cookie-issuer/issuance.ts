// From a verified identity to the Set-Cookie lines of one issue: which
// prefixes, whether their sets fit what browsers keep, the signed sets, the
// issued-paths cookie, and the expiry of sets the browser holds from an
// earlier issue that this one no longer grants. Shared by the login
// callback and /cookies; no I/O beyond the signature itself.
import type { Claims } from "../shared/access-token-verifier";
import type { CookieIssuerConfig } from "./config";
import { checkCookieCount, checkCookieSizes, type LimitCheck } from "./cookie-limits";
import {
  cookiesPerSet,
  expireCookieSet,
  signCookieSet,
  staleHashAlgorithmCookie,
} from "./cookie-sets";
import { issuedPathsCookie } from "./issued-paths-cookie";
import { grantedPrefixes, outermostPrefixes, overlappingPrefixes } from "./readable-prefixes";
import type { CookieSigner } from "./signing";

export interface IssueSettings {
  signer: CookieSigner;
  lifetimeSeconds: number;
  rules: CookieIssuerConfig["rules"];
  /** The issuer's routes: where the issued-paths cookie lives. */
  basePath: string;
}

export type IssueError =
  "unsafe_identity" | "no_readable_paths" | "overlapping_cookie_sets" | "too_many_cookie_sets";

export type Issued =
  | {
      ok: true;
      /** One per cookie set, sorted. */
      prefixes: string[];
      /** Epoch seconds: the policies' DateLessThan. */
      expiresAt: number;
      /** Set-Cookie values, for the response's `cookies` list. */
      cookies: string[];
    }
  | { ok: false; status: 403 | 422; body: { error: IssueError } & Record<string, unknown> };

const refuse = (
  status: 403 | 422,
  error: IssueError,
  detail: Record<string, unknown> = {},
): Issued => ({ ok: false, status, body: { error, ...detail } });

/** Which limit was passed, by how much: enough for an operator to change the rules. */
function limitDetail(check: Exclude<LimitCheck, { ok: true }>): Record<string, unknown> {
  return { limit: check.limit, maximum: check.maximum, required: check.required };
}

/**
 * The cookie sets for `claims` at `nowSeconds`. `previousPrefixes` are those
 * the browser's issued-paths cookie lists: sets there that this issue does
 * not renew are expired in the same response.
 */
export function issueCookieSets(
  claims: Claims,
  nowSeconds: number,
  previousPrefixes: readonly string[],
  settings: IssueSettings,
): Issued {
  const { signer, lifetimeSeconds, basePath } = settings;
  const granted = grantedPrefixes(claims, settings.rules);
  if (!granted.ok) return refuse(403, "unsafe_identity");
  const prefixes = outermostPrefixes(granted.prefixes);
  if (prefixes.length === 0) return refuse(403, "no_readable_paths");
  const overlap = overlappingPrefixes(prefixes);
  if (overlap !== null) return refuse(422, "overlapping_cookie_sets", { prefixes: overlap });

  const count = checkCookieCount(prefixes.length, cookiesPerSet(signer.hashAlgorithm));
  if (!count.ok) return refuse(422, "too_many_cookie_sets", limitDetail(count));

  const expiresAt = nowSeconds + lifetimeSeconds;
  const sets = prefixes.flatMap((prefix) =>
    signCookieSet(prefix, expiresAt, lifetimeSeconds, signer),
  );
  const paths = issuedPathsCookie(prefixes, basePath, lifetimeSeconds);
  const sizes = checkCookieSizes([...sets, paths], [...prefixes, `${basePath}/`]);
  if (!sizes.ok) return refuse(422, "too_many_cookie_sets", limitDetail(sizes));

  // Expiring a set at a path no longer granted keeps a browser from sending
  // an old set beside a new one (an old "/a/b/" set under a new "/a/" set).
  const stale = previousPrefixes
    .filter((prefix) => !prefixes.includes(prefix))
    .flatMap((prefix) => expireCookieSet(prefix, signer.cookieDomain));
  return {
    ok: true,
    prefixes,
    expiresAt,
    cookies: [
      ...stale,
      ...sets.map((cookie) => cookie.header),
      ...prefixes.flatMap((prefix) => staleHashAlgorithmCookie(prefix, signer)),
      paths.header,
    ],
  };
}
