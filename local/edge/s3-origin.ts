// The content folder playing the S3 bucket behind Origin Access Control: the
// object key is the request path without its leading "/", percent-decoded;
// GET and HEAD only; a key that names no file is S3's 403 AccessDenied
// (OAC grants s3:GetObject without s3:ListBucket), and no key reaches a file
// outside the folder.
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export interface OriginResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".htm": "text/html",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
  ".woff2": "font/woff2",
  ".mp4": "video/mp4",
};

/** The Content-Type S3 would hold for an object uploaded by extension (binary/octet-stream otherwise). */
export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[path.extname(key).toLowerCase()] ?? "binary/octet-stream";
}

function s3Error(status: number, code: string, message: string): OriginResponse {
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
      `<RequestId>${randomBytes(8).toString("hex").toUpperCase()}</RequestId></Error>`,
  );
  return {
    status,
    headers: [
      ["content-type", "application/xml"],
      ["server", "AmazonS3"],
    ],
    body,
  };
}

export const accessDenied = (): OriginResponse => s3Error(403, "AccessDenied", "Access Denied");

/**
 * The file holding object `key` under `root`, or null. Keys with empty, "."
 * or ".." segments, backslashes or NUL cannot be stored in the folder (S3
 * would keep them literally), and a symlink may not lead out of it.
 */
export function fileForKey(root: string, key: string): string | null {
  if (key === "" || key.includes("\\") || key.includes("\0")) return null;
  const segments = key.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return null;
  const file = path.join(root, ...segments);
  let real: string;
  let realRoot: string;
  try {
    real = fs.realpathSync(file);
    realRoot = fs.realpathSync(root);
  } catch {
    return null;
  }
  const relative = path.relative(realRoot, real);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return null;
  return fs.statSync(real).isFile() ? real : null;
}

/** S3's answer to `method` on the object the raw path `uri` names. */
export function s3Get(root: string, method: string, uri: string): OriginResponse {
  if (method !== "GET" && method !== "HEAD") return accessDenied();
  let key: string;
  try {
    key = decodeURIComponent(uri.slice(1));
  } catch {
    return s3Error(400, "InvalidURI", "Couldn't parse the specified URI.");
  }
  const file = fileForKey(root, key);
  if (file === null) return accessDenied();
  const body = fs.readFileSync(file);
  const stat = fs.statSync(file);
  const headers: [string, string][] = [
    ["content-type", contentTypeOf(key)],
    ["content-length", String(body.length)],
    ["etag", `"${createHash("md5").update(body).digest("hex")}"`],
    ["last-modified", stat.mtime.toUTCString()],
    ["accept-ranges", "bytes"],
    ["server", "AmazonS3"],
  ];
  return { status: 200, headers, body: method === "HEAD" ? Buffer.alloc(0) : body };
}
