import { extractCredentials } from "../../../functions/bearer-jwt/token";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

describe("extractCredentials", () => {
  it("finds no credentials in an empty request", () => {
    expect(extractCredentials([], null)).toEqual({ kind: "none" });
    expect(extractCredentials([], [])).toEqual({ kind: "none" });
  });

  it("reads a Bearer token from the header, scheme in any case", () => {
    for (const value of [`Bearer ${JWT}`, `bearer ${JWT}`, `BeArEr   ${JWT}`, ` Bearer ${JWT}\t`]) {
      expect(extractCredentials([value], null)).toEqual({ kind: "token", token: JWT });
    }
  });

  it("accepts the full b64token alphabet, with trailing =", () => {
    const token = "AZaz09-._~+/==";
    expect(extractCredentials([`Bearer ${token}`], null)).toEqual({ kind: "token", token });
  });

  it("counts other schemes as no bearer credentials", () => {
    for (const value of ["Basic YTpi", "Digest x", "BearerX abc", "Bearer\tabc", ""]) {
      expect(extractCredentials([value], null)).toEqual({ kind: "none" });
    }
  });

  it("calls bearer credentials that are not one b64token malformed", () => {
    for (const value of [
      "Bearer",
      "Bearer ",
      "Bearer a b",
      "Bearer a=b",
      "Bearer a,",
      "Bearer é",
    ]) {
      expect(extractCredentials([value], null)).toEqual({ kind: "invalid", reason: "malformed" });
    }
  });

  it("refuses an Authorization header over 8 KB without parsing it", () => {
    const value = `Basic ${"a".repeat(8 * 1024)}`;
    expect(extractCredentials([value], null)).toEqual({ kind: "invalid", reason: "too_large" });
    expect(extractCredentials([], ["a".repeat(8 * 1024 + 1)])).toEqual({
      kind: "invalid",
      reason: "too_large",
    });
  });

  it("calls two Authorization headers ambiguous", () => {
    expect(extractCredentials([`Bearer ${JWT}`, `Bearer ${JWT}`], null)).toEqual({
      kind: "ambiguous",
    });
    expect(extractCredentials([`Basic a`, `Bearer ${JWT}`], null)).toEqual({ kind: "ambiguous" });
  });

  it("calls a repeated query parameter ambiguous", () => {
    expect(extractCredentials([], [JWT, JWT])).toEqual({ kind: "ambiguous" });
  });

  it("calls a token in both header and query ambiguous", () => {
    expect(extractCredentials([`Bearer ${JWT}`], [JWT])).toEqual({ kind: "ambiguous" });
    expect(extractCredentials([`Bearer`], [JWT])).toEqual({ kind: "ambiguous" });
  });

  it("reads the query token when the header carries another scheme", () => {
    expect(extractCredentials(["Basic YTpi"], [JWT])).toEqual({ kind: "token", token: JWT });
  });

  it("calls an undecodable or non-b64token query value malformed", () => {
    expect(extractCredentials([], [null])).toEqual({ kind: "invalid", reason: "malformed" });
    expect(extractCredentials([], ["a b"])).toEqual({ kind: "invalid", reason: "malformed" });
    expect(extractCredentials([], [""])).toEqual({ kind: "invalid", reason: "malformed" });
  });

  it("leaves the b64token scan to a verifier that does it, and decides everything else as before", () => {
    const scans = true;
    for (const value of ["Bearer a=b", "Bearer a,", "Bearer é"]) {
      const token = value.slice("Bearer ".length);
      expect(extractCredentials([value], null, scans)).toEqual({ kind: "token", token });
      expect(extractCredentials([], [token], scans)).toEqual({ kind: "token", token });
    }
    expect(extractCredentials([`Bearer ${JWT}`], [JWT], scans)).toEqual({ kind: "ambiguous" });
    expect(extractCredentials(["Bearer"], null, scans)).toEqual({
      kind: "invalid",
      reason: "malformed",
    });
    expect(extractCredentials([`Bearer ${"a".repeat(9000)}`], null, scans)).toEqual({
      kind: "invalid",
      reason: "too_large",
    });
    expect(extractCredentials([], [null], scans)).toEqual({ kind: "invalid", reason: "malformed" });
  });
});
