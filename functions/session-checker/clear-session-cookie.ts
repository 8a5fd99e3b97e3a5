// The one Set-Cookie line the session checker writes: the removal of a dead
// session cookie. Written out rather than through the cookie package, which
// would be 3.9 KB of a viewer-request bundle held to 8 KB; a test holds it
// equal to the package's line (shared/cookies.ts clearCookie) for every name
// the config accepts, an RFC 6265 token that needs no escaping.

/** `Set-Cookie` that removes cookie `name` (path "/", as the session manager sets it). */
export const clearSessionCookie = (name: string): string =>
  `${name}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax`;
