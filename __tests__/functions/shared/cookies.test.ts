// Reading a credential cookie exactly once: none, one, or many (ambiguous),
// across every Cookie header of a request, and the cookies left for the origin.
import { readOnlyCookie, withoutCookie } from "../../../functions/shared/cookies";
import { readCookie } from "../../support/read-cookie";

const NAME = "__Host-edge-gate-session";

describe("readOnlyCookie", () => {
  it.each<[string, string[]]>([
    ["no header", []],
    ["an empty header", [""]],
    ["other cookies only", ["a=1; b=2"]],
    ["a nameless cookie equal to the name", [NAME]],
    ["a cookie whose name contains the name", [`x${NAME}=1; ${NAME}x=2`]],
    ["a cookie whose name differs in case", [`${NAME.toUpperCase()}=1`]],
    ["separators only", [";;; ;"]],
    // RFC 6265 trims only spaces and tabs: a browser stores this as another
    // name, one its __Host- prefix rules never applied to.
    ["a cookie whose name starts with a no-break space", [`\u00a0${NAME}=1`]],
  ])("finds none in %s", (_, headers) => {
    expect(readOnlyCookie(headers, NAME)).toEqual({ kind: "none" });
  });

  it.each<[string, string[], string]>([
    ["a lone cookie", [`${NAME}=abc`], "abc"],
    ["a cookie among others", [`a=1; ${NAME}=abc; b=2`], "abc"],
    ["a cookie in the second of several headers", ["a=1", `${NAME}=abc`, "b=2"], "abc"],
    ["spaces and tabs around name and value", [`a=1;  ${NAME} =\tabc ; b=2`], "abc"],
    ["a value holding '=' and '%' (taken as sent)", [`${NAME}=a=b%20c`], "a=b%20c"],
    ["an empty value", [`${NAME}=`], ""],
  ])("finds one in %s", (_, headers, value) => {
    expect(readOnlyCookie(headers, NAME)).toEqual({ kind: "one", value });
  });

  it.each<[string, string[]]>([
    ["two in one header", [`${NAME}=a; ${NAME}=b`]],
    ["two identical in one header", [`${NAME}=a; ${NAME}=a`]],
    ["one in each of two headers", [`${NAME}=a`, `x=1; ${NAME}=b`]],
    ["identical copies in two headers", [`${NAME}=a`, `${NAME}=a`]],
    ["an empty copy beside a full one", [`${NAME}=; ${NAME}=a`]],
    ["three", [`${NAME}=a; ${NAME}=b; ${NAME}=c`]],
  ])("finds many in %s", (_, headers) => {
    expect(readOnlyCookie(headers, NAME)).toEqual({ kind: "many" });
  });

  it("agrees with readCookie on the value whenever there is exactly one", () => {
    for (const header of [`${NAME}=abc`, `a=1; ${NAME} = abc `, `${NAME}=a=b`]) {
      const read = readOnlyCookie([header], NAME);
      expect(read).toEqual({ kind: "one", value: readCookie([header], NAME) });
    }
  });

  it("counts every copy that withoutCookie removes", () => {
    const headers = [`a=1; ${NAME}=x`, ` ${NAME} =y; b=2`];
    expect(readOnlyCookie(headers, NAME)).toEqual({ kind: "many" });
    expect(withoutCookie(headers, NAME)).toEqual(["a=1", "b=2"]);
  });
});
