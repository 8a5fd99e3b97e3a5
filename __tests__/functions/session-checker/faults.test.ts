// A session table that cannot answer (closed port, throttling, capacity or
// server errors, no answer, an answer that never ends) means 503: never a
// pass, never a login redirect that would log users out during an outage,
// and within the look-up time-out. Nothing from the outage is cached, so the
// first request after recovery is judged afresh.
import type { CloudFrontResultResponse } from "aws-lambda";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import {
  APP_ORIGIN,
  HOME_REGION,
  LOOKUP_TIMEOUT_MS,
  REPLICA_REGION,
  sessionCookie,
  startSessionHarness,
  startTableProxy,
  type Fault,
  type SessionHarness,
} from "../../support/session-checker-harness";
import {
  answered,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
} from "../../support/viewer-request";

/** Time allowed beyond the look-up time-out (event loop, signing, loopback). */
const MARGIN_MS = 250;
const NAVIGATE: [string, string][] = [["Sec-Fetch-Mode", "navigate"]];

let h: SessionHarness;
let handle: ViewerRequestHandler;
let errors: jest.SpyInstance;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  handle = h.handlerWith();
  errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  h.proxy.fault = "none";
  jest.restoreAllMocks();
});

function expectUnavailable(response: CloudFrontResultResponse): void {
  expect(response.status).toBe("503");
  expect(jsonBody(response)).toEqual({ error: "temporarily_unavailable" });
  expect(header(response, "location")).toBeUndefined();
  expect(header(response, "set-cookie")).toBeUndefined();
}

/** Runs `action` and returns how long it took, in ms. */
async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await action();
  return [result, performance.now() - start];
}

/** The logged fields of every console.error call so far. */
const logged = () => errors.mock.calls.map(([line]) => JSON.parse(line as string));

const faults: [Fault, string][] = [
  ["throttle", "ThrottlingException"],
  ["capacity", "ProvisionedThroughputExceededException"],
  ["server-error", "InternalServerError"],
];

it.each(faults)(
  "answers 503 while the table answers %s, and logs the error type",
  async (fault, type) => {
    const id = await h.putSession();
    h.proxy.fault = fault;
    for (const headers of [[sessionCookie(id)], [...NAVIGATE, sessionCookie(id)]]) {
      expectUnavailable(
        answered(await handle(viewerRequestEvent({ uri: "/docs/a.pdf", headers }))),
      );
    }
    expect(logged()).toContainEqual(expect.objectContaining({ type, region: HOME_REGION }));

    h.proxy.fault = "none";
    const before = h.proxy.requests();
    passed(await handle(viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] })));
    expect(h.proxy.requests() - before).toBe(1);
  },
);

it.each<[Fault, string]>([
  ["hang", "a table that never answers"],
  ["stall-body", "a table that sends headers and never finishes the body"],
])("answers 503 within the look-up time-out for %s (%s)", async (fault) => {
  const id = await h.putSession();
  h.proxy.fault = fault;
  const event = viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] });
  const [result, elapsed] = await timed(() => handle(event));
  expectUnavailable(answered(result));
  expect(elapsed).toBeGreaterThanOrEqual(LOOKUP_TIMEOUT_MS - 20);
  expect(elapsed).toBeLessThan(LOOKUP_TIMEOUT_MS + MARGIN_MS);
  expect(logged()).toContainEqual(expect.objectContaining({ reason: "timeout" }));

  h.proxy.fault = "none";
  passed(await handle(viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] })));
});

it("answers 503 when nothing listens at the table endpoint, and passes once it is back", async () => {
  // A port that was free a moment ago: nothing listens there until the proxy starts on it.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const handleClosed = h.handlerWith({
    table: { ...h.config.table, endpoint: `http://127.0.0.1:${port}/{region}` },
  });
  const id = await h.putSession();
  const event = () => viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] });
  const [result, elapsed] = await timed(() => handleClosed(event()));
  expectUnavailable(answered(result));
  expect(elapsed).toBeLessThan(LOOKUP_TIMEOUT_MS + MARGIN_MS);

  const recovered = await startTableProxy(
    {
      [HOME_REGION]: h.tables[HOME_REGION].endpoint,
      [REPLICA_REGION]: h.tables[REPLICA_REGION].endpoint,
    },
    port,
  );
  try {
    passed(await handleClosed(event()));
    expect(recovered.requests(HOME_REGION)).toBe(1);
  } finally {
    await recovered.close();
  }
});

it("does not cache an unknown verdict it could not get: the id is asked again after recovery", async () => {
  const id = "Q".repeat(43);
  h.proxy.fault = "throttle";
  expectUnavailable(
    answered(await handle(viewerRequestEvent({ uri: "/a", headers: [sessionCookie(id)] }))),
  );
  h.proxy.fault = "none";
  const before = h.proxy.requests();
  expect(
    answered(await handle(viewerRequestEvent({ uri: "/a", headers: [sessionCookie(id)] }))).status,
  ).toBe("401");
  expect(h.proxy.requests() - before).toBe(1);
});

it("keeps passing a session already cached when the table goes down", async () => {
  const id = await h.putSession();
  passed(await handle(viewerRequestEvent({ uri: "/a", headers: [sessionCookie(id)] })));
  h.proxy.fault = "hang";
  passed(await handle(viewerRequestEvent({ uri: "/b", headers: [sessionCookie(id)] })));
});

it("lets an allowed origin's fetch read the 503", async () => {
  const id = await h.putSession();
  h.proxy.fault = "server-error";
  const response = answered(
    await handle(
      viewerRequestEvent({
        uri: "/a",
        headers: [sessionCookie(id), ["Origin", APP_ORIGIN], ["Sec-Fetch-Mode", "cors"]],
      }),
    ),
  );
  expectUnavailable(response);
  expect(header(response, "access-control-allow-origin")).toBe(APP_ORIGIN);
});

it("still serves public paths while the table is down (no look-up needed)", async () => {
  h.proxy.fault = "hang";
  const [result, elapsed] = await timed(() => handle(viewerRequestEvent({ uri: "/public/a.css" })));
  passed(result);
  expect(elapsed).toBeLessThan(50);
});
