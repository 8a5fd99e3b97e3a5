// Settings of the bearer-JWT protection mode: which tokens are accepted and
// which paths each user may read.
import { z } from "zod";
import { identityHeader, pathPrefix, staticPrefix, strictObject } from "./fields";

const userPrefix = pathPrefix.refine(
  (p) => p.split("/").includes("{sub}"),
  "a path template with '{sub}' as one whole segment, e.g. /users/{sub}/",
);

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
  paths: strictObject({
    /** Readable by anyone, without a token (a landing page, /favicon.ico, ...). */
    public: z.array(staticPrefix).default([]),
    /** Readable by members of a Cognito group (created by the stack). */
    groups: z
      .array(
        strictObject({
          group: z
            .string()
            .regex(
              /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u,
              "a Cognito group name (1-128 letters, digits, symbols, no spaces)",
            ),
          prefix: staticPrefix,
        }),
      )
      .default([]),
    /** Templates with a `{sub}` segment: each user reads only their own folder. */
    users: z.array(userPrefix).default([]),
  }),
});

export type BearerJwtSettings = z.output<typeof bearerJwtSettings>;
