import { formDecode, takeParameter } from "../../../functions/shared/query-string";

describe("takeParameter", () => {
  it("removes every occurrence and keeps the other parameters byte for byte", () => {
    expect(takeParameter("a=%7E&t=1&b=x+y&t=2&c", "t")).toEqual({
      values: ["1", "2"],
      rest: "a=%7E&b=x+y&c",
    });
  });

  it("matches names after form decoding", () => {
    expect(takeParameter("access%5Ftoken=abc&x=1", "access_token")).toEqual({
      values: ["abc"],
      rest: "x=1",
    });
  });

  it("reads a parameter without = as an empty value", () => {
    expect(takeParameter("t&x=1", "t")).toEqual({ values: [""], rest: "x=1" });
  });

  it("reports an undecodable value as null", () => {
    expect(takeParameter("t=%ff", "t")).toEqual({ values: [null], rest: "" });
  });

  it("keeps parameters whose name cannot be decoded", () => {
    expect(takeParameter("%zz=1&t=2", "t")).toEqual({ values: ["2"], rest: "%zz=1" });
  });

  it("handles an empty query string", () => {
    expect(takeParameter("", "t")).toEqual({ values: [], rest: "" });
  });
});

describe("formDecode", () => {
  it("decodes + as a space and percent escapes as UTF-8", () => {
    expect(formDecode("a+b%20c%C3%A9")).toBe("a b cé");
    expect(formDecode("%E0%A4%A")).toBeNull();
  });
});
