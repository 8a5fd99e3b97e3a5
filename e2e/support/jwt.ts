// Reading and changing the claims of a real access token, for the refusals
// a browser holding an old or altered token must meet.

/** The claims of a JWT, unverified. */
export function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The token with `changes` made to its claims; header and signature kept as they were. */
export function withClaims(token: string, changes: Record<string, unknown>): string {
  const [header, , signature] = token.split(".");
  const payload = Buffer.from(JSON.stringify({ ...jwtPayload(token), ...changes })).toString(
    "base64url",
  );
  return `${header}.${payload}.${signature}`;
}
