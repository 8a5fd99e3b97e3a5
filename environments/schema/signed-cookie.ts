// Settings of the signed-cookie protection mode: CloudFront itself checks
// CloudFront signed cookies against a trusted key group; a regional cookie
// issuer signs them with the active key, read from Secrets Manager.
import * as fs from "node:fs";
import * as path from "node:path";
import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { bearerJwtSettings } from "./bearer-jwt";
import { sitePath, strictObject, webOrigin, wholeNumber } from "./fields";
import { overlaps, pathRules } from "./path-rules";

/** What CloudFront key groups accept, said once for every message. */
const ACCEPTED_KEYS =
  'an SPKI public key PEM ("-----BEGIN PUBLIC KEY-----") of an RSA 2048-bit or ECDSA P-256 key';

/** Cache behaviours per distribution are capped (25 by default); one goes to /_auth/*. */
const MAX_PUBLIC_PATHS = 20;

const keyId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,31}$/,
    "1-32 lowercase letters, digits and '-', starting with a letter or digit (e.g. k20261123)",
  );

// Aborts on a bad path: the key check after it must not read outside the directory.
const keyFile = z
  .string()
  .refine(
    (p) =>
      p.length > 0 && !path.isAbsolute(p) && !p.split(/[\\/]/).includes("..") && !p.includes("\0"),
    {
      message:
        "a path relative to the environments directory, without '..' (e.g. keys/partners/k20261123.pem)",
      abort: true,
    },
  );

/**
 * A Secrets Manager secret: its name (as created; Secrets Manager appends a
 * random suffix to the ARN) or its full ARN.
 */
const secretId = z
  .string()
  .refine(
    (s) =>
      /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(s) ||
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/.test(s),
    "a Secrets Manager secret name (1-512 of A-Z a-z 0-9 / _ + = . @ -) or a full arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix> ARN",
  );

export type PublicKeyFile = { pem: string } | { problem: string };

/**
 * Reads a public key file and checks that CloudFront would accept it. The
 * PEM returned is re-exported by node:crypto: exactly one SPKI block.
 */
export function readPublicKeyFile(file: string, shownAs: string): PublicKeyFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return {
      problem: `no readable file ${shownAs} in the environments directory; expected ${ACCEPTED_KEYS}`,
    };
  }
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);
  if (labels.some((label) => label.includes("PRIVATE KEY"))) {
    return {
      problem: `holds a private key: keep it in Secrets Manager only (the key's secret), never in the repository; expected ${ACCEPTED_KEYS}`,
    };
  }
  if (labels.length !== 1 || labels[0] !== "PUBLIC KEY") {
    const got = labels.length === 0 ? "no PEM block" : labels.map((l) => `"${l}"`).join(", ");
    return { problem: `expected ${ACCEPTED_KEYS}; got ${got}` };
  }
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({ key: text, format: "pem" });
  } catch (err) {
    return {
      problem: `not a readable public key (${(err as Error).message}); expected ${ACCEPTED_KEYS}`,
    };
  }
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  const accepted =
    (type === "rsa" && details.modulusLength === 2048) ||
    (type === "ec" && details.namedCurve === "prime256v1");
  if (!accepted) {
    const got =
      type === "rsa"
        ? `RSA ${details.modulusLength}-bit`
        : type === "ec"
          ? `EC ${details.namedCurve}`
          : String(type);
    return { problem: `expected ${ACCEPTED_KEYS}; got ${got}` };
  }
  return { pem: key.export({ type: "spki", format: "pem" }).toString() };
}

/** One signing key; the PEM is read relative to `environmentsDir` and carried in the output. */
function signingKey(environmentsDir: string) {
  const read = (p: string) => readPublicKeyFile(path.resolve(environmentsDir, p), p);
  return strictObject({
    /** Names the CloudFront public key (`<env>-<id>`); a new key pair gets a new id. */
    id: keyId,
    /** The public half, an SPKI PEM file relative to the environments directory. */
    publicKey: keyFile.superRefine((p, ctx) => {
      const result = read(p);
      if ("problem" in result) ctx.addIssue({ code: "custom", message: result.problem });
    }),
    /** Secrets Manager secret (name or ARN, home region) holding the PKCS#8 PEM private key. */
    secret: secretId,
    /** The key the issuer signs with; the others stay trusted (rotation). */
    active: z.boolean().default(false),
  }).transform((key) => ({ ...key, publicKeyPem: (read(key.publicKey) as { pem: string }).pem }));
}

/** How many segments a rule has: "/a/b/" and "/a/b" both have two. */
const depth = (prefix: string) => prefix.split("/").filter((s) => s !== "").length;

// The shared rule vocabulary, with limits of its own: public paths become
// CloudFront path patterns and group and user prefixes become resources of
// cookie policies, where '*' and '?' are wildcards; and a browser sends a
// cookie set for the exact path "/a/b" on "/a/b/..." too, so an exact path
// that another protected rule continues below would put two sets on one
// request, which the issuer refuses to issue.
const paths = pathRules.superRefine((rules, ctx) => {
  const literal = (value: string, at: PropertyKey[]) => {
    if (/[*?]/.test(value)) {
      ctx.addIssue({
        code: "custom",
        path: at,
        message:
          "no '*' or '?': CloudFront reads them as wildcards in path patterns and cookie policies",
      });
    }
  };
  rules.public.forEach((p, i) => literal(p, ["public", i]));
  rules.groups.forEach((g, i) => literal(g.prefix, ["groups", i, "prefix"]));
  rules.users.forEach((u, i) => literal(u, ["users", i]));
  if (rules.public.length > MAX_PUBLIC_PATHS) {
    ctx.addIssue({
      code: "custom",
      path: ["public"],
      message: `at most ${MAX_PUBLIC_PATHS} public paths (each one is a CloudFront cache behaviour); use a folder such as /assets/`,
    });
  }
  const protectedRules = [
    ...rules.groups.map((g, i) => ({ prefix: g.prefix, at: ["groups", i, "prefix"] })),
    ...rules.users.map((u, i) => ({ prefix: u, at: ["users", i] })),
  ];
  for (const exact of protectedRules.filter((r) => !r.prefix.endsWith("/"))) {
    // "/a/b/..." below "/a/b", `{sub}` matching any one segment; a folder
    // above it is harmless (the issuer keeps only the outer set).
    const below = protectedRules.find(
      (other) =>
        other !== exact &&
        depth(other.prefix) >= depth(exact.prefix) &&
        overlaps(`${exact.prefix}/`, other.prefix),
    );
    if (below) {
      ctx.addIssue({
        code: "custom",
        path: exact.at,
        message: `${JSON.stringify(exact.prefix)} is an exact path that protection.paths.${below.at.slice(0, 2).join(".")} (${JSON.stringify(below.prefix)}) continues below: a browser would send both cookie sets on one request, and the cookie issuer refuses to issue them`,
      });
    }
  }
});

export function signedCookieSettings(environmentsDir: string) {
  return strictObject({
    mode: z.literal("signed-cookie"),
    /** CloudFront public keys of the key group; exactly one is active (signs new cookies). */
    keys: z
      .array(signingKey(environmentsDir))
      .min(1, "1 to 4 keys (one active; more only while rotating)")
      .max(4, "1 to 4 keys (one active; more only while rotating)")
      .superRefine((keys, ctx) => {
        keys.forEach((key, i) => {
          if (keys.findIndex((k) => k.id === key.id) !== i) {
            ctx.addIssue({
              code: "custom",
              path: [i, "id"],
              message: `${JSON.stringify(key.id)} is used twice; key ids must be unique`,
            });
          }
        });
        const active = keys.filter((k) => k.active).map((k) => k.id);
        if (active.length !== 1) {
          ctx.addIssue({
            code: "custom",
            message: `exactly one key must be active (the one new cookies are signed with); ${active.length === 0 ? "none is" : `${active.join(", ")} are`}`,
          });
        }
      }),
    /** Hash of the cookie signature: "SHA1" is CloudFront's default, "SHA256" is asked for in a cookie. */
    hashAlgorithm: z.enum(["SHA256", "SHA1"]).default("SHA256"),
    /** How long issued cookies open their prefixes. */
    cookieLifetimeMinutes: wholeNumber(5, 1440, "minutes").default(60),
    /** How long a signed URL from /_auth/url stays valid. */
    signedUrlLifetimeMinutes: wholeNumber(1, 1440, "minutes").default(15),
    paths,
    /** App clients (cognito.appClients) whose access tokens /_auth/cookies accepts; all when left out. */
    allowedClients: bearerJwtSettings.shape.allowedClients,
    /** Web origins whose pages may call /_auth/cookies with credentials (CORS). */
    corsAllowedOrigins: z.array(webOrigin).default([]),
    /** Same-site path the hosted UI's logout returns the browser to. */
    afterLogoutPath: sitePath.default("/"),
  });
}

export type SignedCookieSettings = z.output<ReturnType<typeof signedCookieSettings>>;
export type SigningKeySettings = SignedCookieSettings["keys"][number];
