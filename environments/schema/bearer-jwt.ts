// Settings of the bearer-JWT protection mode: which tokens are accepted and
// which paths each user may read.
import { z } from "zod";
import { identityHeader, strictObject } from "./fields";
import { pathRules } from "./path-rules";

export const bearerJwtSettings = strictObject({
  mode: z.literal("bearer-jwt"),
  /**
   * Query parameter that may carry the access token, for links that cannot
   * send headers (`<img src>`); removed before the request reaches the origin.
   * Off (null) by default: URLs end up in logs and browser history.
   */
  tokenQueryParameter: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, '_' and '-' (e.g. access_token)")
    .nullable()
    .default(null),
  /**
   * Where a browser navigation without a valid token is sent (307): an https
   * URL or a path on this distribution. Null: navigations get 401 too.
   */
  loginUrl: z
    .string()
    .refine(
      (u) => /^\/(?![/\\])[^\s\\]*$/.test(u) || /^https:\/\/[^\s\\/]+(\/[^\s\\]*)?$/.test(u),
      "an https:// URL or a path starting with a single '/'",
    )
    .nullable()
    .default(null),
  /** Names of the app clients (cognito.appClients) whose access tokens are accepted; all when left out. */
  allowedClients: z.array(z.string()).min(1).optional(),
  /** Leeway for token expiry and not-before, in seconds. */
  clockSkewSeconds: z.number().int().min(0).max(300).default(30),
  /** Header that carries the caller's `sub` to the origin (viewer-sent copies are removed). */
  identityHeader,
  /** Who reads what (protection.paths, the same in every mode). */
  paths: pathRules,
});

export type BearerJwtSettings = z.output<typeof bearerJwtSettings>;
