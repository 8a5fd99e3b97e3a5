// The session table's item layout, shared by the session manager (writes
// items) and the session checker (reads them at the edge), so the two cannot
// drift. Items are keyed by a SHA-256 of the opaque id the browser holds: a
// copy of the table (backup, export, read access) yields no usable cookie.
import type * as NodeCrypto from "node:crypto";

// node:crypto is loaded at first use, not with the module: the edge session
// checker imports this file, and a request on a public path needs no digest
// (loading crypto is about 3.7 ms of CPU on a cold start).
let nodeCrypto: typeof NodeCrypto | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = () => (nodeCrypto ??= require("node:crypto") as typeof NodeCrypto);

/** Partition key attribute (string). */
export const TABLE_KEY = "pk";
/** Epoch seconds after which an item is dead; DynamoDB TTL deletes it (late). */
export const EXPIRY_ATTRIBUTE = "expiresAt";
/** Epoch seconds of a session's last sign of life: the one attribute the edge checker writes. */
export const LAST_SEEN_ATTRIBUTE = "lastSeenAt";
/** What every session item's key starts with (login records start otherwise). */
export const SESSION_KEY_PREFIX = "session#";

/** 32 random bytes, base64url: the only shape an opaque id ever has. */
export const OPAQUE_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh opaque id from the CSPRNG: 256 bits. */
export function newOpaqueId(): string {
  return crypto().randomBytes(32).toString("base64url");
}

function digest(id: string): string {
  return crypto().createHash("sha256").update(id).digest("base64url");
}

/** Table key of the session whose cookie holds `sessionId`. */
export function sessionKey(sessionId: string): string {
  return `${SESSION_KEY_PREFIX}${digest(sessionId)}`;
}

/** Table key of the login (authorize → callback) whose cookie holds `loginId`. */
export function loginKey(loginId: string): string {
  return `login#${digest(loginId)}`;
}

/** A signed-in user's session, as stored. Times are epoch seconds. */
export interface SessionRecord {
  sub: string;
  username: string;
  groups: string[];
  createdAt: number;
  /** Absolute end of the session (also the TTL attribute). */
  expiresAt: number;
  /**
   * Last sign of life (login, the session endpoint, or content requests the
   * edge checker records, at most once per its activity interval); the idle
   * timeout counts from here.
   */
  lastSeenAt: number;
}

/** The attributes the edge checker reads (ProjectionExpression): nothing it does not need. */
export const CHECKED_ATTRIBUTES = ["sub", "groups", "expiresAt", "lastSeenAt"] as const;

/** An authorize → callback round trip in progress. Times are epoch seconds. */
export interface LoginRecord {
  /** OAuth2 `state` sent to the hosted UI; the callback must bring back exactly this. */
  state: string;
  /** PKCE code_verifier (RFC 7636); only its S256 challenge left the server. */
  codeVerifier: string;
  /** OIDC nonce, echoed in the ID token. */
  nonce: string;
  /** Same-site path to return to after login. */
  returnPath: string;
  expiresAt: number;
}
