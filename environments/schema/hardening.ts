// Abuse limits and sign-in hardening in an environment file: the optional WAF
// web ACL, the identity API's throttling, Cognito threat protection and
// whether app clients may send users back to a loopback address.
import { z } from "zod";
import { strictObject, wholeNumber } from "./fields";

/**
 * Rules of AWSManagedRulesCommonRuleSet (its current static version) that an
 * environment may set to count instead of block, where they would refuse
 * legitimate traffic (a long query string, a client without a User-Agent).
 */
export const COMMON_RULE_SET_RULES = [
  "NoUserAgent_HEADER",
  "UserAgent_BadBots_HEADER",
  "SizeRestrictions_QUERYSTRING",
  "SizeRestrictions_Cookie_HEADER",
  "SizeRestrictions_BODY",
  "SizeRestrictions_URIPATH",
  "EC2MetaDataSSRF_BODY",
  "EC2MetaDataSSRF_COOKIE",
  "EC2MetaDataSSRF_URIPATH",
  "EC2MetaDataSSRF_QUERYARGUMENTS",
  "GenericLFI_QUERYARGUMENTS",
  "GenericLFI_URIPATH",
  "GenericLFI_BODY",
  "RestrictedExtensions_URIPATH",
  "RestrictedExtensions_QUERYARGUMENTS",
  "GenericRFI_QUERYARGUMENTS",
  "GenericRFI_BODY",
  "GenericRFI_URIPATH",
  "CrossSiteScripting_COOKIE",
  "CrossSiteScripting_QUERYARGUMENTS",
  "CrossSiteScripting_BODY",
  "CrossSiteScripting_URIPATH",
] as const;

const commonRule = z.enum(COMMON_RULE_SET_RULES, {
  error: (issue) =>
    `a rule of AWSManagedRulesCommonRuleSet; got ${JSON.stringify(issue.input)} (allowed: ${COMMON_RULE_SET_RULES.join(", ")})`,
});

/**
 * An AWS WAF web ACL in front of the distribution. WAF counts a rate-based
 * rule's requests over a 5-minute window; its lower bound is kept at 100 so
 * older provider validations accept it too.
 */
export const webAcl = strictObject({
  /** Requests one client IP may send in 5 minutes before WAF blocks it (429) for a while. */
  rateLimitPer5Minutes: wholeNumber(
    100,
    2_000_000_000,
    "requests per client IP in 5 minutes",
  ).default(2000),
  /** AWSManagedRulesCommonRuleSet: XSS, path traversal, SSRF, oversized requests. */
  commonRuleSet: z.boolean().default(true),
  /** Rules of the common rule set that only count (metrics, samples) instead of blocking. */
  commonRuleSetCountOnly: z
    .array(commonRule)
    .default([])
    .refine((rules) => new Set(rules).size === rules.length, "each rule at most once"),
  /** AWSManagedRulesKnownBadInputsRuleSet: request patterns of known exploits (Log4j, ...). */
  knownBadInputs: z.boolean().default(true),
  /** AWSManagedRulesAmazonIpReputationList: addresses Amazon threat intelligence reports as bad. */
  ipReputation: z.boolean().default(true),
}).superRefine((acl, ctx) => {
  if (!acl.commonRuleSet && acl.commonRuleSetCountOnly.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["commonRuleSetCountOnly"],
      message: "only with commonRuleSet: true (these are rules of that group)",
    });
  }
});

/** The login function's limits when the environment sets none. */
export const IDENTITY_API_THROTTLING_DEFAULTS = { burstLimit: 100 } as const;

/**
 * Limits on the login function behind /_identity/* or /_auth/*: `burstLimit`
 * is its reserved concurrency. Every request reaches it through the
 * distribution (decision 0014), so the web ACL's rate rule limits the rate;
 * the former API Gateway stage's `ratePerSecond` is refused with that advice
 * rather than silently ignored.
 */
export const identityApiThrottling = strictObject({
  /** Concurrent executions reserved for (and the most allowed to) the login function. */
  burstLimit: wholeNumber(1, 5000, "requests").default(IDENTITY_API_THROTTLING_DEFAULTS.burstLimit),
  ratePerSecond: z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      ctx.addIssue({
        code: "custom",
        message:
          "no longer applies: the login function has no API Gateway stage; every request passes the distribution, so limit the rate with webAcl.rateLimitPer5Minutes (burstLimit is the function's reserved concurrency); remove this field",
      });
    })
    .transform(() => undefined),
});

/** Cognito threat protection (compromised credentials, adaptive authentication). */
export const threatProtection = z.enum(["off", "audit", "enforced"]).default("off");

/**
 * Whether a URL's host is this machine: localhost (and *.localhost), the
 * 127.0.0.0/8 range or [::1]. A login redirected there goes to whatever
 * listens on the user's machine.
 */
export function isLoopbackUrl(value: string): boolean {
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    return false;
  }
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === "[::1]"
  );
}

/** The problems of loopback callback and logout URLs in a Cognito section without the flag. */
export function loopbackRedirectProblems(cognito: {
  allowLocalhostCallbacks: boolean;
  appClients: readonly { callbackUrls: readonly string[]; logoutUrls: readonly string[] }[];
}): { path: (string | number)[]; message: string }[] {
  if (cognito.allowLocalhostCallbacks) return [];
  return cognito.appClients.flatMap((client, i) =>
    (["callbackUrls", "logoutUrls"] as const).flatMap((field) =>
      client[field].flatMap((url, j) =>
        isLoopbackUrl(url)
          ? [
              {
                path: ["appClients", i, field, j],
                message: `${JSON.stringify(url)} is a loopback address: allowed only with cognito.allowLocalhostCallbacks: true (local development, or a native app's loopback redirect)`,
              },
            ]
          : [],
      ),
    ),
  );
}

export type IdentityApiThrottling = z.output<typeof identityApiThrottling>;
