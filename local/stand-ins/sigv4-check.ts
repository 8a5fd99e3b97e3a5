// SigV4 verification as AWS does it, for the loopback stand-ins: a request's
// signature is recomputed from what arrived (method, path, the headers it
// names as signed, body) with AWS's own signer (the SDK's
// @smithy/signature-v4) and the stand-in's credentials, and compared. What
// fails answers as DynamoDB answers (the error types of its documentation),
// so a signer that gets the standard wrong, or a wire that differs from what
// was signed, is refused on loopback as it would be in AWS.
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, type BinaryLike } from "node:crypto";
import type { IncomingMessage } from "node:http";

export interface ReceivedRequest {
  method: string;
  /** As it arrived: the path, and the query if there is one. */
  path: string;
  /** Lower-case names, as node gives them. */
  headers: Record<string, string>;
  body: string;
}

/** What a loopback server received, as the check reads it (a repeated header's values joined by ","). */
export function receivedRequest(req: IncomingMessage, body: string): ReceivedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return { method: req.method ?? "", path: req.url ?? "/", headers, body };
}

export interface StandInCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Why a request is refused: an AWS error type and its message. */
export interface SignatureProblem {
  type: string;
  message: string;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): BinaryLike =>
  typeof data === "string"
    ? data
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** The SDK's hash constructor over node:crypto (what @smithy/hash-node does). */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** How far a signature's time may be from the server's, either way. */
const MAX_SKEW_MS = 15 * 60_000;

const problem = (type: string, message: string): SignatureProblem => ({ type, message });
const invalid = (message: string) => problem("InvalidSignatureException", message);

/**
 * Null when `request` carries a valid SigV4 signature for `service` by one of
 * `credentials`, at most 15 minutes from `now`; else why not.
 */
export async function sigv4Problem(
  request: ReceivedRequest,
  credentials: readonly StandInCredentials[],
  service: string,
  now: number = Date.now(),
): Promise<SignatureProblem | null> {
  const { authorization } = request.headers;
  if (authorization === undefined) {
    return problem("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  const parts = AUTHORIZATION.exec(authorization);
  if (parts === null) {
    return problem("IncompleteSignatureException", "Authorization header is malformed");
  }
  const [, accessKeyId, day, region, scopeService, signedList, signature] = parts;
  const secretAccessKey = credentials.find((c) => c.accessKeyId === accessKeyId)?.secretAccessKey;
  if (secretAccessKey === undefined) {
    return problem(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  if (scopeService !== service) return invalid(`Credential should be scoped to ${service}`);
  const date = AMZ_DATE.exec(request.headers["x-amz-date"] ?? "");
  if (date === null || !request.headers["x-amz-date"].startsWith(day)) {
    return invalid("X-Amz-Date is missing or does not match the credential scope");
  }
  const [, year, month, dayOfMonth, hours, minutes, seconds] = date.map(Number);
  const signedAt = Date.UTC(year, month - 1, dayOfMonth, hours, minutes, seconds);
  if (now - signedAt > MAX_SKEW_MS) return invalid("Signature expired");
  if (signedAt - now > MAX_SKEW_MS) return invalid("Signature not yet current");
  const names = signedList.split(";");
  if (!names.includes("host") || names.some((name) => request.headers[name] === undefined)) {
    return invalid("Host must be signed, and every signed header sent");
  }
  const headers = Object.fromEntries(names.map((name) => [name, request.headers[name]]));
  const url = new URL(request.path, "http://stand-in");
  const signer = new SignatureV4({
    service,
    region,
    credentials: { accessKeyId, secretAccessKey, sessionToken: headers["x-amz-security-token"] },
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: request.body,
    },
    { signingDate: new Date(signedAt), signableHeaders: new Set(names) },
  );
  const ours = AUTHORIZATION.exec(expected.headers.authorization);
  if (ours === null || ours[5] !== signedList || ours[6] !== signature) {
    return invalid(
      "The request signature we calculated does not match the signature you provided.",
    );
  }
  return null;
}
