// Field types shared by the environment schema: each one says, in its error
// message, what is allowed.
import { z } from "zod";

/** Schemas of fields an older version had (see `replacedField`). */
const replacedFields = new WeakSet<object>();

/**
 * A field an older version had: set, it fails with `message` (what replaced
 * it), rather than as an unknown field with no hint of where it went. In the
 * JSON Schema it is deprecated and matches no value, so editors flag it too.
 */
export function replacedField(message: string) {
  const field = z
    .unknown()
    .refine(() => false, { message })
    .optional()
    .meta({ deprecated: true, description: message, not: {} });
  replacedFields.add(field);
  return field;
}

/**
 * An object that rejects unknown fields and names the allowed ones: a typo in
 * an environment file must fail synth, not be silently ignored.
 */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).filter((key) => !replacedFields.has(shape[key]));
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; allowed: ${allowed.join(", ")}`
        : undefined,
  });
}

/** AWS commercial regions (add new ones here as AWS opens them). */
export const AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "ca-west-1",
  "mx-central-1",
  "sa-east-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-south-1",
  "eu-south-2",
  "eu-north-1",
  "il-central-1",
  "me-south-1",
  "me-central-1",
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
] as const;

export const awsRegion = z.enum(AWS_REGIONS, {
  error: (issue) =>
    `an AWS commercial region code such as eu-west-1; got ${JSON.stringify(issue.input)} (allowed: ${AWS_REGIONS.join(", ")})`,
});

export const awsAccountId = z.string().regex(/^\d{12}$/, "a 12-digit AWS account id (as a string)");

/** An IAM role ARN (any partition), e.g. arn:aws:iam::123456789012:role/edge-gate-deploy. */
export const iamRoleArn = z
  .string()
  .regex(
    /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    "an IAM role ARN such as arn:aws:iam::123456789012:role/edge-gate-dev-deploy",
  );

/** The account id in an ARN. */
export function accountOfArn(arn: string): string | undefined {
  return arn.split(":")[4] || undefined;
}

// S3 bucket naming rules (general purpose buckets): 3-63 characters, lowercase
// letters, digits, dots and hyphens, starting and ending with a letter or digit,
// not an IP address, no reserved prefixes/suffixes.
const bucketChars = /^[a-z0-9][a-z0-9.-]*$/;
export const s3BucketName = z
  .string()
  .min(3, "an S3 bucket name of 3 to 63 characters")
  .max(63, "an S3 bucket name of 3 to 63 characters")
  .regex(bucketChars, "lowercase letters, digits, '.' and '-', starting with a letter or digit")
  .regex(/[a-z0-9]$/, "must end with a letter or digit")
  .refine((n) => !n.includes(".."), "no two adjacent periods")
  .refine((n) => !/^\d+\.\d+\.\d+\.\d+$/.test(n), "must not look like an IP address")
  .refine(
    (n) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(n) && !/(-s3alias|--ol-s3|--x-s3)$/.test(n),
    "must not use a prefix or suffix S3 reserves",
  );

/** Terraform appends a 26-character unique suffix, so the prefix may be at most 37 characters. */
export const s3BucketPrefix = z
  .string()
  .min(1)
  .max(37, "a bucket name prefix of at most 37 characters (Terraform adds 26)")
  .regex(bucketChars, "lowercase letters, digits, '.' and '-', starting with a letter or digit")
  .refine((n) => !n.includes(".."), "no two adjacent periods");

export const hostname = z
  .string()
  .max(253)
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "a lowercase DNS host name such as files.example.com",
  );

export const route53ZoneId = z
  .string()
  .regex(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ");

const LOCALHOST = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Where Cognito may redirect a browser: https, or http only on localhost (as
 * Cognito itself allows), no fragment (RFC 6749 3.1.2), no credentials.
 */
export const loginRedirectUrl = z.string().superRefine((value, ctx) => {
  const url = parseUrl(value);
  const allowedHttp = url?.protocol === "http:" && LOCALHOST.has(url.hostname);
  if (!url || (url.protocol !== "https:" && !allowedHttp)) {
    ctx.addIssue({
      code: "custom",
      message: `an absolute https:// URL (http:// only for localhost); got ${JSON.stringify(value)}`,
    });
  } else if (url.hash !== "" || value.includes("#")) {
    ctx.addIssue({ code: "custom", message: "must not contain a fragment (#...)" });
  } else if (url.username !== "" || url.password !== "") {
    ctx.addIssue({ code: "custom", message: "must not contain user info" });
  }
});

/** A web origin as browsers send it in `Origin`: scheme://host[:port], nothing else. */
export const webOrigin = z.string().superRefine((value, ctx) => {
  const url = parseUrl(value);
  if (!url || !["https:", "http:"].includes(url.protocol) || url.origin !== value) {
    ctx.addIssue({
      code: "custom",
      message: `an origin like https://app.example.com (scheme://host[:port], no path or trailing slash); got ${JSON.stringify(value)}`,
    });
  }
});

/** A path relative to the project root, staying inside it. */
export const relativeFilePath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith("/") && !p.split(/[\\/]/).includes("..") && !p.includes("\0"),
    "a path relative to the project root, without '..'",
  );

/**
 * A URL path prefix for a path rule: starts with "/", no dot segments, no
 * doubled slashes, no percent-encoding (rules are matched against decoded,
 * normalized paths). A prefix ending in "/" is a folder, otherwise an exact path.
 */
export const pathPrefix = z
  .string()
  .regex(
    /^\/(?:[^/%\\\s?#]+\/?)*$/,
    "a path starting with '/', without '%', '\\', '?', '#', whitespace or '//' (end it with '/' for a folder)",
  )
  .refine((p) => !p.split("/").some((s) => s === "." || s === ".."), "no '.' or '..' segments");

/**
 * A path rule with no user template: the same pattern rejects `{` in ordinary
 * prefixes, so a typo like `{su}` cannot silently become a literal folder.
 */
export const staticPrefix = pathPrefix.refine(
  (p) => !/[{}]/.test(p),
  "no '{' or '}' outside user rules",
);

const ROOT_OBJECT_ALLOWED =
  "an object key such as index.html or site/index.html: '/'-separated segments of letters, digits, '.', '_', '~' or '-', no leading or trailing '/', no '.' or '..' segments, at most 255 characters";

/**
 * What CloudFront serves for "/" (its default root object): an object key in
 * the plain form path rules are written in, so the path the rules check for
 * the landing page is the one CloudFront fetches. CloudFront itself refuses a
 * leading "/".
 */
export const rootObject = z
  .string()
  .refine(
    (key) =>
      key.length <= 255 &&
      /^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/.test(key) &&
      !key.split("/").some((s) => s === "." || s === ".."),
    ROOT_OBJECT_ALLOWED,
  );

/** Header that carries the caller's `sub` to the origin (viewer-sent copies are removed). */
export const identityHeader = z
  .string()
  .regex(/^x-[a-z0-9-]{1,62}$/, "a lowercase header name starting with 'x-'")
  // CloudFront refuses to let Lambda@Edge set these families.
  .refine(
    (h) => !/^x-(edge|amz|amzn|forwarded|accel)-/.test(h),
    "not x-edge-*, x-amz-*, x-amzn-*, x-forwarded-* or x-accel-* (CloudFront reserves them)",
  )
  .default("x-gate-sub");

/**
 * A cookie name: an RFC 6265 token (letters, digits and !#$%&'*+-.^_`|~),
 * 1-64 characters. The `__Host-` and `__Secure-` prefixes are tokens too, and
 * make browsers insist on the Secure attribute (and, for `__Host-`, on
 * Path=/ without Domain).
 */
export const cookieName = z
  .string()
  .regex(
    /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/,
    "a cookie name of 1-64 letters, digits or !#$%&'*+-.^_`|~ (e.g. __Host-session)",
  );

/** A same-site path to send a browser to: one leading "/", then a plain path. */
export const sitePath = z
  .string()
  .regex(
    /^\/(?![/\\])[^\s\\?#%]*$/,
    "a path on this site starting with a single '/', without '\\', '?', '#', '%' or whitespace",
  )
  .refine((p) => !p.split("/").some((s) => s === "." || s === ".."), "no '.' or '..' segments");

/**
 * A whole number within bounds, every error naming the range. The integer
 * check is a refinement, not `.int()`: zod reports a fraction as a type error
 * without the input, which reads like a missing field.
 */
export function wholeNumber(min: number, max: number, unit: string) {
  const allowed = `a whole number of ${unit} from ${min} to ${max}`;
  return z
    .number({ error: allowed })
    .refine(Number.isInteger, allowed)
    .min(min, allowed)
    .max(max, allowed);
}
