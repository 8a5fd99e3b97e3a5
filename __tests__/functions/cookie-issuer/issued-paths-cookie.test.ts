// The cookie that lists the prefixes a browser was given cookie sets for
// (read at logout to expire them). It opens nothing, so copies are merged:
// a tossed-in second copy can only make logout expire more of this
// browser's own cookies, never leave the real sets alive.
import {
  issuedPathsCookie,
  readIssuedPaths,
} from "../../../functions/cookie-issuer/issued-paths-cookie";

const pairOf = (cookie: { header: string }) => cookie.header.slice(0, cookie.header.indexOf(";"));

describe("readIssuedPaths", () => {
  const mine = pairOf(issuedPathsCookie(["/users/alice/", "/staff/"], "/_auth", 3600));
  const other = pairOf(issuedPathsCookie(["/finance/"], "/_auth", 3600));

  it("reads the prefixes of the one cookie the browser holds", () => {
    expect(readIssuedPaths([`theme=dark; ${mine}`])).toEqual(["/users/alice/", "/staff/"]);
  });

  it.each([
    ["two copies in one header", [`${other}; ${mine}`]],
    ["two copies in two headers", [other, mine]],
  ])("merges %s, so logout still expires every real set", (_name, headers) => {
    expect(readIssuedPaths(headers)).toEqual(["/finance/", "/users/alice/", "/staff/"]);
  });
});
