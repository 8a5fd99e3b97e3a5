// Reading a real access token's parts, and breaking its signature, for the
// refusals a browser holding an old or altered token must meet.

const segment = (token: string, index: number): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split(".")[index] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;

/** The header of a JWT (alg, kid), unverified. */
export const jwtHeader = (token: string): Record<string, unknown> => segment(token, 0);

/** The claims of a JWT, unverified. */
export const jwtPayload = (token: string): Record<string, unknown> => segment(token, 1);

/**
 * The token with one byte of its signature changed (header and claims kept).
 * The byte is changed in the decoded signature, not a character of its text:
 * the last base64url character carries padding bits a decoder may ignore.
 */
export function withSignatureByteChanged(token: string, byteIndex = 0): string {
  const [header, payload, signature] = token.split(".");
  const bytes = Buffer.from(signature ?? "", "base64url");
  if (byteIndex < 0 || byteIndex >= bytes.length) {
    throw new Error(`e2e: the signature has no byte ${byteIndex}`);
  }
  bytes[byteIndex] ^= 0x01;
  return `${header}.${payload}.${bytes.toString("base64url")}`;
}
