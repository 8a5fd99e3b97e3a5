// Which session credential a request carries, decided from its raw Cookie
// and Authorization header values.
import { sessionCredentialOf } from "../../../functions/session-checker/credentials";

const NAME = "__Host-edge-gate-session";
const ID = "A".repeat(43);
const OTHER = "B".repeat(43);

it.each<[string, string[], string[], ReturnType<typeof sessionCredentialOf>]>([
  ["nothing", [], [], { kind: "none" }],
  ["an Authorization header alone (not a session)", [], ["Bearer x"], { kind: "none" }],
  ["signed cookies alone (not a session)", ["CloudFront-Policy=p"], [], { kind: "none" }],
  ["one session cookie", [`a=1; ${NAME}=${ID}`], [], { kind: "session", sessionId: ID }],
  ["one session cookie of the wrong shape", [`${NAME}=short`], [], { kind: "none" }],
  ["two session cookies", [`${NAME}=${ID}; ${NAME}=${OTHER}`], [], { kind: "ambiguous" }],
  [
    "two equal session cookies in two headers",
    [`${NAME}=${ID}`, `${NAME}=${ID}`],
    [],
    { kind: "ambiguous" },
  ],
  [
    "a session cookie and an Authorization header",
    [`${NAME}=${ID}`],
    ["Bearer x"],
    { kind: "ambiguous" },
  ],
  [
    "a session cookie and an empty Authorization header",
    [`${NAME}=${ID}`],
    [""],
    { kind: "ambiguous" },
  ],
  [
    "a session cookie and a signed cookie",
    [`${NAME}=${ID}; cloudfront-signature=s`],
    [],
    { kind: "ambiguous" },
  ],
  [
    "a session cookie and a signed cookie in another header",
    [`${NAME}=${ID}`, " CloudFront-Key-Pair-Id =K"],
    [],
    { kind: "ambiguous" },
  ],
  [
    "a session cookie and an unrelated CloudFront-like cookie",
    [`${NAME}=${ID}; CloudFront-Theme=x`],
    [],
    { kind: "session", sessionId: ID },
  ],
])("%s", (_, cookies, authorization, expected) => {
  expect(sessionCredentialOf(cookies, authorization, NAME)).toEqual(expected);
});

describe("a session cookie that is not the shape of an id is no session", () => {
  const ID43 = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";

  it("reads a well-formed id among other cookies", () => {
    expect(sessionCredentialOf([`a=1; ${NAME}=${ID43}`], [], NAME)).toEqual({
      kind: "session",
      sessionId: ID43,
    });
  });

  it.each([
    ["a value too short", [`${NAME}=${ID43.slice(1)}`]],
    ["a value too long", [`${NAME}=${ID43}A`]],
    ["a padded value", [`${NAME}=${ID43.slice(1)}=`]],
    ["a percent-encoded value", [`${NAME}=${ID43.slice(3)}%41`]],
    ["a quoted value", [`${NAME}="${ID43}"`]],
    ["a cookie whose name only starts with the session cookie's", [`${NAME}x=${ID43}`]],
  ])("%s", (_, cookies) => {
    expect(sessionCredentialOf(cookies, [], NAME)).toEqual({ kind: "none" });
  });
});
