// Settings of the session-cookie protection mode: an opaque session cookie,
// minted by the session manager after a hosted-UI login and checked at the
// edge against the DynamoDB session table.
import { z } from "zod";
import {
  awsRegion,
  cookieName,
  identityHeader,
  replacedField,
  sitePath,
  strictObject,
  wholeNumber,
} from "./fields";
import { pathRules } from "./path-rules";

export const sessionCookieSettings = strictObject({
  mode: z.literal("session-cookie"),
  /** Absolute lifetime of a session from login, in hours; the user logs in again after it. */
  sessionLifetimeHours: wholeNumber(1, 720, "hours").default(8),
  /**
   * Minutes without a sign of life after which a session stops passing;
   * shorter than the lifetime. Null: no idle timeout.
   */
  idleTimeoutMinutes: wholeNumber(5, 1440, "minutes").nullable().default(null),
  /** Name of the session cookie (`__Host-` keeps it Secure, Path=/, host-only). */
  cookieName: cookieName.default("__Host-edge-gate-session"),
  /**
   * How long an edge instance trusts a session it has looked up, in seconds,
   * before asking the table again: the longest a revoked (logged-out)
   * session may still pass. 0 asks the table on every request.
   */
  lookupCacheSeconds: wholeNumber(0, 3600, "seconds").default(300),
  /**
   * Who reads what (protection.paths, the same in every mode): public paths
   * need no session; a session reads its user's folders and groups' folders.
   */
  paths: pathRules,
  // Every signed-in user read everything else once: a file still saying
  // publicPaths would otherwise fail as an unknown field, with no way forward.
  publicPaths: replacedField(
    "was replaced by protection.paths.public (docs/upgrade.md); a session now reads only what paths.groups and paths.users give its user",
  ),
  /**
   * Regions holding a replica of the session table (global table), so edge
   * look-ups far from the home region stay short. Not the home region.
   */
  replicaRegions: z
    .array(awsRegion)
    .default([])
    .superRefine((regions, ctx) => {
      regions.forEach((region, i) => {
        if (regions.indexOf(region) !== i) {
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `${JSON.stringify(region)} is listed twice; each replica region once`,
          });
        }
      });
    }),
  /** Same-site path the hosted UI's logout returns the browser to. */
  afterLogoutPath: sitePath.default("/"),
  identityHeader,
}).superRefine((settings, ctx) => {
  const lifetimeMinutes = settings.sessionLifetimeHours * 60;
  if (settings.idleTimeoutMinutes !== null && settings.idleTimeoutMinutes >= lifetimeMinutes) {
    ctx.addIssue({
      code: "custom",
      path: ["idleTimeoutMinutes"],
      message: `must be shorter than the session lifetime (${settings.sessionLifetimeHours} h = ${lifetimeMinutes} min), or null for no idle timeout`,
    });
  }
});

export type SessionCookieSettings = z.output<typeof sessionCookieSettings>;
