// Events CloudFront would never send are refused (400), never passed and
// never thrown on, even when they would otherwise reach a public path.
import { startHarness, type Harness } from "../../support/bearer-jwt-harness";
import { TEST_SUB } from "../../support/jwt-fixtures";
import { answered, bearer, jsonBody, viewerRequestEvent } from "../../support/viewer-request";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type Mutation = [string, (request: Record<string, unknown>) => void];

const requestMutations: Mutation[] = [
  ["uri missing", (r) => delete r.uri],
  ["uri a number", (r) => (r.uri = 7)],
  ["uri an array", (r) => (r.uri = ["/public/a.css"])],
  ["method missing", (r) => delete r.method],
  ["querystring an object", (r) => (r.querystring = { a: "1" })],
  ["headers missing", (r) => delete r.headers],
  ["headers null", (r) => (r.headers = null)],
  ["headers an array", (r) => (r.headers = [])],
  ["a header that is not an array", (r) => (r.headers = { host: { key: "Host", value: "x" } })],
  ["a header entry without value", (r) => (r.headers = { host: [{ key: "Host" }] })],
  ["a header value that is a number", (r) => (r.headers = { host: [{ key: "Host", value: 1 }] })],
  ["a header key that is a number", (r) => (r.headers = { host: [{ key: 1, value: "x" }] })],
  ["an authorization entry that is null", (r) => (r.headers = { authorization: [null] })],
  // eslint-disable-next-line no-sparse-arrays
  ["a header list with a hole", (r) => (r.headers = { host: [, { key: "Host", value: "x" }] })],
];

function publicEventWith(mutate: (request: Record<string, unknown>) => void): unknown {
  const event = viewerRequestEvent({ uri: "/public/a.css", headers: [bearer(h.token())] });
  mutate(event.Records[0].cf.request as unknown as Record<string, unknown>);
  return event;
}

it.each(requestMutations)("refuses an event with %s with 400", async (_, mutate) => {
  const response = answered(await h.handle(publicEventWith(mutate)));
  expect(response.status).toBe("400");
  expect(jsonBody(response)).toEqual({ error: "invalid_request" });
});

it.each([
  ["undefined", undefined],
  ["null", null],
  ["a string", "event"],
  ["no Records", {}],
  ["empty Records", { Records: [] }],
  ["Records not an array", { Records: {} }],
  ["two records", { Records: [{ cf: {} }, { cf: {} }] }],
  ["a record without cf", { Records: [{}] }],
  ["cf without request", { Records: [{ cf: {} }] }],
  ["request null", { Records: [{ cf: { request: null } }] }],
])("refuses an event that is %s with 400", async (_, event) => {
  expect(answered(await h.handle(event)).status).toBe("400");
});

it("accepts an event without querystring as one with no parameters", async () => {
  const event = viewerRequestEvent({ uri: `/users/${TEST_SUB}/a`, headers: [bearer(h.token())] });
  delete (event.Records[0].cf.request as { querystring?: string }).querystring;
  const result = await h.handle(event);
  expect(result).toMatchObject({ uri: `/users/${TEST_SUB}/a`, querystring: "" });
});
