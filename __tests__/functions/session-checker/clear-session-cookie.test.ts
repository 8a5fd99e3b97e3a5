// The session checker writes its one Set-Cookie line, the removal of a dead
// session cookie, without the cookie package (3.9 KB of a bundle held to
// 8 KB). It must be the very line the package writes for the login functions.
import fc from "fast-check";
import { clearSessionCookie } from "../../../functions/session-checker/clear-session-cookie";
import { parseConfig } from "../../../functions/session-checker/parse-config";
import { clearCookie } from "../../../functions/shared/cookies";
import { checkerConfig } from "../../support/session-checker-harness";

/** Any cookie name the checker's config accepts (an RFC 6265 token). */
const cookieName = fc.string({
  unit: fc.constantFrom(
    ..."!#$%&'*+.^_`|~-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
  ),
  minLength: 1,
  maxLength: 64,
});

it("is the line the cookie package writes to clear the cookie, for any name the config accepts", () => {
  fc.assert(
    fc.property(cookieName, (name) => {
      expect(
        parseConfig(checkerConfig("http://127.0.0.1:1", "sessions", { cookieName: name })).ok,
      ).toBe(true);
      expect(clearSessionCookie(name)).toBe(clearCookie(name));
    }),
  );
});

it("clears the edge-gate session cookie as a browser needs: same path, expired, HttpOnly, Secure, SameSite", () => {
  expect(clearSessionCookie("__Host-edge-gate-session")).toBe(
    "__Host-edge-gate-session=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax",
  );
});
