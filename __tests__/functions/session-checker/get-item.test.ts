// The GetItem exchange in wire form: the request body, and what the checker
// makes of every answer shape, including items it cannot trust.
import {
  errorType,
  getItemBody,
  readGetItemResult,
} from "../../../functions/session-checker/get-item";

describe("getItemBody", () => {
  it("asks for the four checked attributes of one key, strongly consistent", () => {
    expect(JSON.parse(getItemBody("sessions", "session#abc"))).toEqual({
      TableName: "sessions",
      Key: { pk: { S: "session#abc" } },
      ConsistentRead: true,
      ProjectionExpression: "#s, #g, #e, #l",
      ExpressionAttributeNames: {
        "#s": "sub",
        "#g": "groups",
        "#e": "expiresAt",
        "#l": "lastSeenAt",
      },
    });
  });
});

describe("readGetItemResult", () => {
  const item = {
    sub: { S: "u-1" },
    groups: { L: [{ S: "staff" }, { S: "Finance Team" }] },
    expiresAt: { N: "1750003600" },
    lastSeenAt: { N: "1749999999.5" },
  };

  it("reads a well-formed item", () => {
    expect(readGetItemResult({ Item: item })).toEqual({
      kind: "found",
      session: {
        sub: "u-1",
        groups: ["staff", "Finance Team"],
        expiresAt: 1750003600,
        lastSeenAt: 1749999999.5,
      },
    });
  });

  it("reads an empty group list as no groups", () => {
    const outcome = readGetItemResult({ Item: { ...item, groups: { L: [] } } });
    expect(outcome.kind === "found" && outcome.session.groups).toEqual([]);
  });

  it("ignores attributes it did not ask for", () => {
    expect(readGetItemResult({ Item: { ...item, username: { S: "alice" } } }).kind).toBe("found");
  });

  it("reads an answer without Item as not found", () => {
    expect(readGetItemResult({})).toEqual({ kind: "not-found" });
  });

  it.each([
    ["Item null", null],
    ["Item an array", [item]],
    ["sub missing", { ...item, sub: undefined }],
    ["sub a number", { ...item, sub: { N: "1" } }],
    ["sub a bare string", { ...item, sub: "u-1" }],
    ["expiresAt a string attribute", { ...item, expiresAt: { S: "1750003600" } }],
    ["expiresAt a JSON number", { ...item, expiresAt: { N: 1750003600 } }],
    ["expiresAt empty", { ...item, expiresAt: { N: "" } }],
    ["expiresAt hexadecimal", { ...item, expiresAt: { N: "0x10" } }],
    ["expiresAt Infinity", { ...item, expiresAt: { N: "Infinity" } }],
    ["expiresAt beyond double range", { ...item, expiresAt: { N: "1e400" } }],
    ["lastSeenAt with spaces", { ...item, lastSeenAt: { N: " 1 " } }],
    ["lastSeenAt missing", { ...item, lastSeenAt: undefined }],
    ["groups missing", { ...item, groups: undefined }],
    ["groups a string attribute", { ...item, groups: { S: "staff" } }],
    ["groups a string set", { ...item, groups: { SS: ["staff"] } }],
    ["groups a bare list", { ...item, groups: [{ S: "staff" }] }],
    ["groups a list attribute that is no list", { ...item, groups: { L: "staff" } }],
    ["a group a number", { ...item, groups: { L: [{ S: "staff" }, { N: "1" }] } }],
    ["a group empty", { ...item, groups: { L: [{ S: "" }] } }],
    ["a group with a control character", { ...item, groups: { L: [{ S: "staff\u0000" }] } }],
    ["a group longer than Cognito allows", { ...item, groups: { L: [{ S: "g".repeat(129) }] } }],
  ])("reads an item with %s as not found (malformed)", (_, bad) => {
    expect(readGetItemResult({ Item: bad })).toEqual({ kind: "not-found", malformed: true });
  });

  it.each([null, "text", 42, []])("reads a body that is %p as unavailable", (body) => {
    expect(readGetItemResult(body).kind).toBe("unavailable");
  });
});

describe("errorType", () => {
  it.each([
    [{ __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException" }, "ThrottlingException"],
    [
      { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException" },
      "ProvisionedThroughputExceededException",
    ],
    [{ __type: "InternalServerError" }, "InternalServerError"],
    [{ __type: "x#\r\nforged log line" }, "unknown"],
    [{ __type: 1 }, "unknown"],
    [undefined, "unknown"],
  ])("names %p %s", (body, expected) => {
    expect(errorType(body)).toBe(expected);
  });
});
