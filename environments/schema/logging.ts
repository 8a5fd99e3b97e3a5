// Settings of the environment's logs (`logging`): retention of every log
// group, CloudFront access logs (standard logging v2) and the identity API's
// access logs, and the rule that no log field may ever hold a credential.
import { z } from "zod";
import { strictObject, wholeNumber } from "./fields";

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

const retentionAllowed = `one of CloudWatch Logs' retention periods in days: ${LOG_RETENTION_DAYS.join(", ")}`;
export const logRetentionDays = z
  .number({ error: retentionAllowed })
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), retentionAllowed);

/** Every field of a CloudFront access log record (standard logging v2 names them as the log files do). */
export const CLOUDFRONT_LOG_FIELDS = [
  "date",
  "time",
  "x-edge-location",
  "sc-bytes",
  "c-ip",
  "cs-method",
  "cs(Host)",
  "cs-uri-stem",
  "sc-status",
  "cs(Referer)",
  "cs(User-Agent)",
  "cs-uri-query",
  "cs(Cookie)",
  "x-edge-result-type",
  "x-edge-request-id",
  "x-host-header",
  "cs-protocol",
  "cs-bytes",
  "time-taken",
  "x-forwarded-for",
  "ssl-protocol",
  "ssl-cipher",
  "x-edge-response-result-type",
  "cs-protocol-version",
  "fle-status",
  "fle-encrypted-fields",
  "c-port",
  "time-to-first-byte",
  "x-edge-detailed-result-type",
  "sc-content-type",
  "sc-content-len",
  "sc-range-start",
  "sc-range-end",
] as const;
export type CloudfrontLogField = (typeof CLOUDFRONT_LOG_FIELDS)[number];

/**
 * Fields that can carry a credential in some environment: cookies always
 * (sessions, signed cookies); the query string and the Referer (a same-site
 * page's full URL) where a token or a login's authorization code travels in
 * a URL. CloudFront logs no Authorization header in any field.
 */
const URL_FIELDS: readonly CloudfrontLogField[] = ["cs-uri-query", "cs(Referer)"];

/** What is logged when the environment does not choose: everything but the fields above. */
export const DEFAULT_CLOUDFRONT_LOG_FIELDS: CloudfrontLogField[] = CLOUDFRONT_LOG_FIELDS.filter(
  (f) => f !== "cs(Cookie)" && !URL_FIELDS.includes(f),
);

const logField = z.enum(CLOUDFRONT_LOG_FIELDS, {
  error: (issue) =>
    `a CloudFront log field; got ${JSON.stringify(issue.input)} (allowed: ${CLOUDFRONT_LOG_FIELDS.join(", ")})`,
});
const fields = z
  .array(logField)
  .min(1, "at least one field")
  .refine((f) => new Set(f).size === f.length, "each field once")
  .default(DEFAULT_CLOUDFRONT_LOG_FIELDS);

const cloudfrontLogs = z.discriminatedUnion(
  "destination",
  [
    strictObject({
      /** A log bucket the stack creates (encrypted, private, TLS-only), in us-east-1. */
      destination: z.literal("s3"),
      fields,
      /** Days before a log object is deleted. */
      expireAfterDays: wholeNumber(1, 3653, "days").default(90),
    }),
    strictObject({
      /** A log group the stack creates in us-east-1, kept for `logging.retentionDays`. */
      destination: z.literal("cloudwatch"),
      fields,
    }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? 'unknown log destination; allowed: ["s3","cloudwatch"]'
        : undefined,
  },
);

export const logging = strictObject({
  /** Retention of every log group the stack creates (regional functions, identity API, CloudFront). */
  retentionDays: logRetentionDays.default(30),
  /** CloudFront access logs through standard logging v2; null: none. */
  cloudfront: cloudfrontLogs.nullable().default(null),
  /** Access logs of the identity API's stage (session-cookie and signed-cookie modes). */
  identityApiAccessLogs: z.boolean().default(true),
});

export type LoggingSettings = z.output<typeof logging>;
export type CloudfrontLogSettings = NonNullable<LoggingSettings["cloudfront"]>;

/** What the credential rule needs to know of the protection settings. */
export interface CredentialCarriers {
  mode: string;
  tokenQueryParameter?: string | null;
}

/** Why a URL (query string, or a page's URL sent as Referer) can hold a credential; null if it cannot. */
function credentialInUrl(protection: CredentialCarriers): string | null {
  if (protection.mode === "bearer-jwt") {
    return protection.tokenQueryParameter
      ? `the access token (protection.tokenQueryParameter ${JSON.stringify(protection.tokenQueryParameter)})`
      : null;
  }
  // The hosted-UI login comes back to /_identity/callback or /_auth/callback?code=...
  return "the authorization code of every login callback";
}

/**
 * The fields among `selected` that would log a credential under
 * `protection`, each with the message synth refuses it with. Pure: the
 * schema and the log construct both ask it.
 */
export function credentialFieldProblems(
  selected: readonly string[],
  protection: CredentialCarriers,
): { field: string; index: number; message: string }[] {
  const inUrl = credentialInUrl(protection);
  const problems: { field: string; index: number; message: string }[] = [];
  selected.forEach((field, index) => {
    if (field === "cs(Cookie)") {
      problems.push({
        field,
        index,
        message:
          'the log field "cs(Cookie)" would record every cookie, session and signed cookies included; leave it out',
      });
    } else if (inUrl !== null && field === "cs-uri-query") {
      problems.push({
        field,
        index,
        message: `the log field "cs-uri-query" would record ${inUrl}, which travels in the query string; leave it out`,
      });
    } else if (inUrl !== null && field === "cs(Referer)") {
      problems.push({
        field,
        index,
        message: `the log field "cs(Referer)" would record ${inUrl}: a page's full URL is its Referer on this site; leave it out`,
      });
    }
  });
  return problems;
}
