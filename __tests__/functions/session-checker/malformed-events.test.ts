// Events CloudFront would never send are refused with 400 (as the bearer
// function does), never passed and never thrown on, even when they carry a
// valid session or would otherwise reach a public path.
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import {
  sessionCookie,
  startSessionHarness,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { answered, jsonBody, passed, viewerRequestEvent } from "../../support/viewer-request";

let h: SessionHarness;
let handle: ViewerRequestHandler;
let validId: string;
beforeAll(async () => {
  h = await startSessionHarness();
  handle = h.handlerWith();
  validId = await h.putSession();
});
afterAll(() => h.close());

type Mutation = [string, (request: Record<string, unknown>) => void];

const requestMutations: Mutation[] = [
  ["uri missing", (r) => delete r.uri],
  ["uri a number", (r) => (r.uri = 7)],
  ["method missing", (r) => delete r.method],
  ["querystring an object", (r) => (r.querystring = { a: "1" })],
  ["headers missing", (r) => delete r.headers],
  ["headers an array", (r) => (r.headers = [])],
  ["a cookie header that is not an array", (r) => (r.headers = { cookie: { value: "a=1" } })],
  ["a cookie entry without value", (r) => (r.headers = { cookie: [{ key: "Cookie" }] })],
  [
    "a cookie value that is a number",
    (r) => (r.headers = { cookie: [{ key: "Cookie", value: 1 }] }),
  ],
  ["a cookie entry that is null", (r) => (r.headers = { cookie: [null] })],
];

function eventWith(uri: string, mutate: (request: Record<string, unknown>) => void): unknown {
  const event = viewerRequestEvent({ uri, headers: [sessionCookie(validId)] });
  mutate(event.Records[0].cf.request as unknown as Record<string, unknown>);
  return event;
}

it("passes the unmutated event (control for the cases below)", async () => {
  passed(await handle(eventWith("/docs/a.pdf", () => undefined)));
});

it.each(requestMutations)("refuses an event with %s with 400", async (_, mutate) => {
  for (const uri of ["/docs/a.pdf", "/public/a.css"]) {
    const response = answered(await handle(eventWith(uri, mutate)));
    expect(response.status).toBe("400");
    expect(jsonBody(response)).toEqual({ error: "invalid_request" });
  }
});

it.each([
  ["undefined", undefined],
  ["null", null],
  ["a string", "event"],
  ["no Records", {}],
  ["empty Records", { Records: [] }],
  ["two records", { Records: [{ cf: {} }, { cf: {} }] }],
  ["cf without request", { Records: [{ cf: {} }] }],
])("refuses an event that is %s with 400", async (_, event) => {
  expect(answered(await handle(event)).status).toBe("400");
});

it("accepts an event without querystring as one with no parameters", async () => {
  const event = viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(validId)] });
  delete (event.Records[0].cf.request as { querystring?: string }).querystring;
  expect(passed(await handle(event)).querystring).toBe("");
});

it("redirects to login without the query when the query holds a lone surrogate", async () => {
  const event = viewerRequestEvent({
    uri: "/docs/a.pdf",
    querystring: "q=\ud800",
    headers: [["Sec-Fetch-Mode", "navigate"]],
  });
  const response = answered(await handle(event));
  expect(response.status).toBe("307");
  expect(response.headers?.location?.[0].value).toBe("/_auth/login?path=%2Fdocs%2Fa.pdf");
});
