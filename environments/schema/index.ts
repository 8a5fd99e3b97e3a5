// The one schema every environment file is validated against, once, at synth.
// Constructs receive the parsed `Environment` and never re-check it.
import * as path from "node:path";
import { z } from "zod";
import { bearerJwtSettings } from "./bearer-jwt";
import {
  identityApiThrottling,
  loopbackRedirectProblems,
  threatProtection,
  webAcl,
} from "./hardening";
import { sessionCookieSettings } from "./session-cookie";
import { signedCookieSettings } from "./signed-cookie";
import { credentialFieldProblems, logging } from "./logging";
import {
  awsAccountId,
  accountOfArn,
  awsRegion,
  hostname,
  iamRoleArn,
  loginRedirectUrl,
  relativeFilePath,
  rootObject,
  route53ZoneId,
  s3BucketName,
  s3BucketPrefix,
  strictObject,
  webOrigin,
  wholeNumber,
} from "./fields";

/** Where the environment files are; files they name (public keys) are relative to it. */
export const ENVIRONMENTS_DIR = path.resolve(__dirname, "..");

/** The protection modes this version of edge-gate can build: one schema per mode. */
export const PROTECTION_MODES = ["bearer-jwt", "session-cookie", "signed-cookie"] as const;

/** The protection settings of environment files in `environmentsDir`. */
export function protectionIn(environmentsDir: string) {
  return z.discriminatedUnion(
    "mode",
    [bearerJwtSettings, sessionCookieSettings, signedCookieSettings(environmentsDir)],
    {
      error: (issue) =>
        issue.code === "invalid_union"
          ? `unknown protection mode; allowed: ${JSON.stringify(PROTECTION_MODES)}`
          : undefined,
    },
  );
}
export const protection = protectionIn(ENVIRONMENTS_DIR);

const appClient = strictObject({
  /** Name of the app client in Cognito and in stack outputs. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,40}$/, "lowercase letters, digits and '-', starting with a letter"),
  /** Where the hosted UI may send the user back after login (https; a loopback address only with `allowLocalhostCallbacks`). */
  callbackUrls: z.array(loginRedirectUrl).min(1, "at least one callback URL"),
  /** Where the hosted UI may send the user after logout. */
  logoutUrls: z.array(loginRedirectUrl).default([]),
  /** Lifetime of access and ID tokens. */
  accessTokenValidityMinutes: z.number().int().min(5).max(1440).default(60),
  /** Lifetime of refresh tokens. */
  refreshTokenValidityDays: z.number().int().min(1).max(3650).default(30),
});

const cognito = strictObject({
  /** Prefix of the hosted-UI domain: https://<prefix>.auth.<region>.amazoncognito.com */
  domainPrefix: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      "lowercase letters, digits and '-', 1 to 63 characters, not starting or ending with '-'",
    )
    .refine(
      (p) => !/aws|amazon|cognito/.test(p),
      "Cognito rejects domain prefixes containing 'aws', 'amazon' or 'cognito'",
    ),
  /** Whether anyone may sign up through the hosted UI; otherwise only administrators create users. */
  selfSignUp: z.boolean().default(false),
  /** Multi-factor authentication (TOTP): off, optional (each user chooses) or on (required). */
  mfa: z.enum(["off", "optional", "on"]).default("optional"),
  /** Refuse `terraform destroy` of the user pool (users would be lost). */
  deletionProtection: z.boolean().default(true),
  /** Cognito threat protection: off, audit (risk logged only) or enforced; on needs the Plus feature plan. */
  threatProtection,
  /** Whether app clients may send users back to localhost, 127.0.0.1 or [::1]: local development or a native app only. */
  allowLocalhostCallbacks: z.boolean().default(false),
  appClients: z
    .array(appClient)
    .min(1, "at least one app client")
    .refine(
      (clients) => new Set(clients.map((c) => c.name)).size === clients.length,
      "app client names must be unique",
    ),
}).superRefine((cognito, ctx) => {
  for (const problem of loopbackRedirectProblems(cognito)) {
    ctx.addIssue({ code: "custom", ...problem });
  }
});

const bucket = strictObject({
  /** Exact bucket name (globally unique). Give this or `namePrefix`. */
  name: s3BucketName.optional(),
  /** Terraform adds a unique suffix to this prefix. Give this or `name`. */
  namePrefix: s3BucketPrefix.optional(),
  /** Origins (scheme://host[:port]) whose browser fetches may read the content (CORS). */
  corsAllowedOrigins: z.array(webOrigin).default([]),
  /** Days a replaced or deleted object's old version is kept before S3 expires it. */
  noncurrentVersionDays: wholeNumber(1, 3653, "days").default(30),
}).refine((b) => (b.name === undefined) !== (b.namePrefix === undefined), {
  message: "give exactly one of `name` or `namePrefix`",
});

const customDomain = strictObject({
  /** The viewer-facing host name, e.g. files.example.com. */
  domainName: hostname,
  /** Route 53 hosted zone that holds `domainName` (certificate validation and alias records). */
  route53ZoneId,
});

/** For a static site: everything from this origin only, no plugins, never framed. */
export const DEFAULT_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

const cloudfront = strictObject({
  priceClass: z
    .enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"])
    .default("PriceClass_100"),
  /** Content-Security-Policy on every response (CloudFront's limit: 1783 characters). */
  contentSecurityPolicy: z
    .string()
    .regex(
      /^[\x20-\x7e]{1,1783}$/,
      "a Content-Security-Policy header value of 1 to 1783 printable characters on one line",
    )
    .default(DEFAULT_CONTENT_SECURITY_POLICY),
  /**
   * The landing page: the object CloudFront serves for "/" (a key in the
   * bucket, e.g. site/index.html), null for none. "/" is never more open
   * than that object: list "/index.html" in protection.paths.public to open
   * the landing page to everyone.
   */
  defaultRootObject: rootObject.nullable().default("index.html"),
});

const backend = z.discriminatedUnion(
  "type",
  [
    strictObject({
      type: z.literal("local"),
      /** State file, relative to the project root. Defaults to state/<name>.tfstate. */
      path: relativeFilePath.optional(),
    }),
    strictObject({
      type: z.literal("s3"),
      bucket: s3BucketName,
      key: z.string().min(1).max(1024),
      region: awsRegion,
      /** S3-native state locking (no DynamoDB lock table). */
      useLockfile: z.boolean().default(true),
    }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union" ? 'unknown backend type; allowed: ["local","s3"]' : undefined,
  },
);

/**
 * What the CI workflows need to plan and deploy the environment from GitHub
 * Actions. The deploy job runs in the GitHub environment of the same name,
 * where approvals (prod) are set.
 */
const deployment = strictObject({
  /** Role the pull-request plan assumes through GitHub OIDC: read-only, plus reading the state. */
  planRoleArn: iamRoleArn,
  /** Role the deploy on main assumes through GitHub OIDC: may change what the stack creates. */
  deployRoleArn: iamRoleArn,
});

/**
 * The schema of environment files in `environmentsDir` (the directory files
 * they name are read from). Synth validates the files of environments/.
 */
export function environmentSchemaIn(environmentsDir: string) {
  return strictObject({
    /** Environment name: the stack name (`cdktf deploy <name>`) and the prefix of every resource name. */
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,19}$/,
        "lowercase letters, digits and '-', starting with a letter, at most 20 characters",
      ),
    /** Region of the bucket, user pool and regional API. Edge resources always go to us-east-1. */
    homeRegion: awsRegion,
    /** If set, Terraform refuses to run against any other AWS account (both providers). */
    allowedAccountIds: z.array(awsAccountId).min(1).optional(),
    protection: protectionIn(environmentsDir),
    bucket,
    customDomain: customDomain.optional(),
    cognito,
    /** An AWS WAF web ACL in front of the distribution (rate limit, managed rules); none when left out. */
    webAcl: webAcl.optional(),
    /** Throttling of the identity API (session-cookie, signed-cookie); 100 burst, 50/s when left out. */
    identityApiThrottling: identityApiThrottling.optional(),
    cloudfront: cloudfront.prefault({}),
    /** Tags applied to every resource (provider default_tags). */
    tags: z
      .record(
        z
          .string()
          .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, "an AWS tag key (1-128 characters)"),
        z
          .string()
          .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, "an AWS tag value (0-256 characters)"),
      )
      .default({}),
    backend: backend.default({ type: "local" }),
    /** Log retention, CloudFront access logs and the identity API's access logs. */
    logging: logging.prefault({}),
    /** Plan in pull requests and deploy from main (GitHub Actions); leave out for an environment only run by hand. */
    deployment: deployment.optional(),
  }).superRefine((env, ctx) => {
    // Every string reaches Terraform, which reads `${` and `%{` as template syntax.
    forEachString(env, [], (value, path) => {
      if (/[$%]\{/.test(value)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "must not contain '${' or '%{' (Terraform would read it as a template)",
        });
      }
    });
    const protection = env.protection;
    if (env.identityApiThrottling && protection.mode === "bearer-jwt") {
      ctx.addIssue({
        code: "custom",
        path: ["identityApiThrottling"],
        message:
          "bearer-jwt mode has no identity API (only session-cookie and signed-cookie do); remove this field",
      });
    }
    if ("allowedClients" in protection) {
      const clientNames = new Set(env.cognito.appClients.map((c) => c.name));
      protection.allowedClients?.forEach((name, i) => {
        if (!clientNames.has(name)) {
          ctx.addIssue({
            code: "custom",
            path: ["protection", "allowedClients", i],
            message: `no app client named ${JSON.stringify(name)}; allowed: ${[...clientNames].join(", ")}`,
          });
        }
      });
    }
    if (protection.mode === "signed-cookie") {
      // The issuer's Secrets Manager client works in the home region.
      protection.keys.forEach((key, i) => {
        const region = /^arn:[^:]+:secretsmanager:([^:]+):/.exec(key.secret)?.[1];
        if (region !== undefined && region !== env.homeRegion) {
          ctx.addIssue({
            code: "custom",
            path: ["protection", "keys", i, "secret"],
            message: `a secret in the home region (${env.homeRegion}), where the cookie issuer reads it; got one in ${region}`,
          });
        }
      });
    }
    if (env.deployment) {
      // A runner starts empty: a local state file would plan everything anew each time.
      if (env.backend.type !== "s3") {
        ctx.addIssue({
          code: "custom",
          path: ["backend"],
          message:
            'an environment deployed from CI needs a shared state: backend type "s3" (a local state file would start empty on every runner)',
        });
      }
      for (const key of ["planRoleArn", "deployRoleArn"] as const) {
        const account = accountOfArn(env.deployment[key]);
        if (env.allowedAccountIds && account && !env.allowedAccountIds.includes(account)) {
          ctx.addIssue({
            code: "custom",
            path: ["deployment", key],
            message: `a role in one of allowedAccountIds (${env.allowedAccountIds.join(", ")}); got one in ${account}`,
          });
        }
      }
    }
    // A log is read by more people than the content: it must never hold a credential.
    for (const p of credentialFieldProblems(env.logging.cloudfront?.fields ?? [], protection)) {
      ctx.addIssue({
        code: "custom",
        path: ["logging", "cloudfront", "fields", p.index],
        message: p.message,
      });
    }
    if (protection.mode === "session-cookie") {
      // The home region holds the table itself; a replica there cannot exist.
      protection.replicaRegions.forEach((region, i) => {
        if (region === env.homeRegion) {
          ctx.addIssue({
            code: "custom",
            path: ["protection", "replicaRegions", i],
            message: `${JSON.stringify(region)} is the home region, which holds the table itself; list other regions only`,
          });
        }
      });
    }
  });
}

export const environmentSchema = environmentSchemaIn(ENVIRONMENTS_DIR);

function forEachString(
  value: unknown,
  path: PropertyKey[],
  visit: (value: string, path: PropertyKey[]) => void,
): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => forEachString(v, [...path, i], visit));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      visit(k, [...path, k]);
      forEachString(v, [...path, k], visit);
    }
  }
}

/** What an environment file is written as (defaults may be left out). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** What constructs receive: validated, defaults filled in. */
export type Environment = z.output<typeof environmentSchema>;
export type ProtectionMode = Environment["protection"]["mode"];
