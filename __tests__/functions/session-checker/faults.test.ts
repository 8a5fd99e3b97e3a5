// A session table that cannot answer (closed port, throttling, capacity or
// server errors, no answer, an answer that never ends) means 503: never a
// pass, never a login redirect that would log users out during an outage,
// and once the look-up time-out has passed. Nothing from the outage is
// cached, so the first request after recovery is judged afresh. Time-outs
// are proved on a fake clock against a table that never answers; every
// look-up expected to succeed has a generous time limit (timing-harness.ts).
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
import { fakeTimeouts, nextTurn } from "../../support/timing-harness";
import {
  answered,
  header,
  jsonBody,
  passed,
  viewerRequestEvent,
} from "../../support/viewer-request";

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
])("answers 503 once the config's look-up time-out has passed, for %s (%s)", async (fault) => {
  const id = await h.putSession();
  const event = () => viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] });
  // Production's own limit (config.lookupTimeoutMs), on a fake clock: the
  // table never answers, so only that timer can end the look-up, and the
  // clock moves only here, whatever the load.
  const handleAsDeployed = h.handlerWith({}, HOME_REGION, "config");
  h.proxy.fault = fault;
  fakeTimeouts();
  try {
    const arrived = h.proxy.nextRequest();
    let settled = false;
    const answer = handleAsDeployed(event()).finally(() => {
      settled = true;
    });
    await arrived;
    jest.advanceTimersByTime(LOOKUP_TIMEOUT_MS - 1);
    for (let turn = 0; turn < 10; turn += 1) await nextTurn();
    expect(settled).toBe(false);
    jest.advanceTimersByTime(1);
    expectUnavailable(answered(await answer));
    expect(logged()).toContainEqual(expect.objectContaining({ reason: "timeout" }));

    // The table is back: the same instance asks it again. The clock still
    // stands, so this look-up cannot time out, however slow the machine.
    h.proxy.fault = "none";
    passed(await handleAsDeployed(event()));
  } finally {
    jest.useRealTimers();
  }
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
  expectUnavailable(answered(await handleClosed(event())));
  // Refused at once, not waited out: the time limit (generous here) played no part.
  expect(logged()).toContainEqual(
    expect.objectContaining({ reason: "no answer", error: "network", region: HOME_REGION }),
  );
  expect(logged()).not.toContainEqual(expect.objectContaining({ reason: "timeout" }));

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
  const before = h.proxy.requests();
  passed(await handle(viewerRequestEvent({ uri: "/b", headers: [sessionCookie(id)] })));
  expect(h.proxy.requests()).toBe(before);
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
  const before = h.proxy.requests();
  passed(await handle(viewerRequestEvent({ uri: "/public/a.css" })));
  expect(h.proxy.requests()).toBe(before);
});
