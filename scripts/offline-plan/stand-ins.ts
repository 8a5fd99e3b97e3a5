// The attribute values a stand-in `terraform_data` carries in place of a data
// source the offline mirror cannot provide. Values are derived only from the
// data source's own block, so the same stack always plans the same way.
import { createHash } from "node:crypto";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Data source types the offline plan replaces, with the attributes they compute. */
export const STOOD_IN_TYPES = ["archive_file", "http"] as const;
export type StoodInType = (typeof STOOD_IN_TYPES)[number];

/** Providers that only exist for the stood-in data sources. */
export const STOOD_IN_PROVIDERS: Record<StoodInType, string> = {
  archive_file: "archive",
  http: "http",
};

// A well-formed RS256 public key (no private half exists anywhere), so config
// that decodes the JWKS at plan time sees the shape a Cognito pool serves.
const DUMMY_RSA_MODULUS =
  "zDQPZoB42NuSX5PIqVTF54CgWTz6lEc6BuaxDdg3QmUvFoqT7KK_PQhO-xKYOo6dy3O_--WS8RdDbUIAw-Kp6496i3sRHCPKhg5v6HBVfsvb4B3WlpPoU5SgpSY_-ugn2NRJDgqhPsePOoGRavBlvNQ5MZKyFQbY92jPdbT6B_AylWYEOkc69UB1934dff-zyVZuUiqhNVYnW4THtVIOkn9EJCgTvPI0crziVSCovUd80tR3X9MK8l16-YebVCE7p_FGqfwStkUyQUOgtv3bIc8ya2pVhkjIXPQKrBmGCwnIF_u5D9aPoIegqriGKgdgyGR0cKInbn9UvxyfYRD82Q";

/** Body every stood-in `http` data source "returns": a JWKS with one dummy key. */
export const OFFLINE_JWKS = JSON.stringify({
  keys: [
    {
      kty: "RSA",
      alg: "RS256",
      use: "sig",
      kid: "offline-plan",
      e: "AQAB",
      n: DUMMY_RSA_MODULUS,
    },
  ],
});

/**
 * Literal text handed to Terraform is read as a template: escape `${` and
 * `%{` (a replacer function, since `"$${"` as a replacement string collapses
 * back to `${`).
 */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

function digest(algorithm: string, data: string): Buffer {
  return createHash(algorithm).update(data).digest();
}

/** What `data.archive_file` computes, from a stable fingerprint of its block. */
export function archiveFileOutputs(block: JsonObject): JsonObject {
  // The block's JSON (sources, including any references, and options) stands
  // for the zip's bytes: a changed bundle or config changes every hash.
  const fingerprint = JSON.stringify(block);
  const sha1 = digest("sha1", fingerprint).toString("hex");
  return {
    output_md5: digest("md5", fingerprint).toString("hex"),
    output_sha: sha1,
    output_sha256: digest("sha256", fingerprint).toString("hex"),
    output_sha512: digest("sha512", fingerprint).toString("hex"),
    output_base64sha256: digest("sha256", fingerprint).toString("base64"),
    output_base64sha512: digest("sha512", fingerprint).toString("base64"),
    output_size: Buffer.byteLength(fingerprint),
    // The archive provider's id is the zip's SHA-1.
    id: sha1,
  };
}

/** What `data.http` computes: a 200 JSON response carrying the dummy JWKS. */
export function httpOutputs(block: JsonObject): JsonObject {
  const body = escapeTemplate(OFFLINE_JWKS);
  return {
    response_body: body,
    body,
    response_body_base64: Buffer.from(OFFLINE_JWKS).toString("base64"),
    status_code: 200,
    response_headers: { "Content-Type": "application/json" },
    // The http provider's id is the URL; `url` itself stays as configured.
    id: block.url ?? null,
  };
}

export const OUTPUTS: Record<StoodInType, (block: JsonObject) => JsonObject> = {
  archive_file: archiveFileOutputs,
  http: httpOutputs,
};
