// The activity record's UpdateItem in its wire form: what it names (only
// what the checker's IAM policy allows it to name) and what its answers mean.
import {
  activityUpdateBody,
  readUpdateItemAnswer,
} from "../../../functions/session-checker/update-item";

const ERROR_TYPE = "com.amazonaws.dynamodb.v20120810#";

it("sets lastSeenAt on an existing, live item only, naming the key and lastSeenAt alone", () => {
  const body = JSON.parse(activityUpdateBody("sessions", "session#abc", 1000, 600));
  expect(body).toEqual({
    TableName: "sessions",
    Key: { pk: { S: "session#abc" } },
    UpdateExpression: "SET #l = :now",
    ConditionExpression: "attribute_exists(#k) AND #l < :now AND #l > :idleCutoff",
    ExpressionAttributeNames: { "#k": "pk", "#l": "lastSeenAt" },
    ExpressionAttributeValues: { ":now": { N: "1000" }, ":idleCutoff": { N: "400" } },
    ReturnValues: "NONE",
  });
  // IAM's dynamodb:Attributes counts every attribute a request names.
  const named = new Set([
    ...Object.keys(body.Key),
    ...Object.values(body.ExpressionAttributeNames),
  ]);
  expect([...named].sort()).toEqual(["lastSeenAt", "pk"]);
});

it.each([
  [200, {}, { kind: "recorded" }],
  [400, { __type: `${ERROR_TYPE}ConditionalCheckFailedException` }, { kind: "not-recorded" }],
  [400, { __type: `${ERROR_TYPE}ThrottlingException` }, { kind: "failed", reason: "error answer" }],
  [
    400,
    { __type: `${ERROR_TYPE}AccessDeniedException` },
    { kind: "failed", reason: "error answer" },
  ],
  [500, undefined, { kind: "failed", reason: "error answer" }],
  [403, "not json", { kind: "failed", reason: "error answer" }],
])("reads status %p with body %p as %p", (status, body, outcome) => {
  expect(readUpdateItemAnswer(status, body)).toEqual(outcome);
});
