// CORS on the answers an edge function generates itself: a page on an
// allowed origin reads them with credentials (the session cookie is what a
// credentialed fetch carries), by its exact origin and never "*", with Vary:
// Origin; any other origin gets no CORS header. The session checker is the
// real handler on a loopback table (dynalite).
import type { CloudFrontResultResponse } from "aws-lambda";
import type { ViewerRequestHandler } from "../../../functions/session-checker/handler";
import { jsonResponse, unavailable, withCors } from "../../../functions/shared/responses";
import {
  APP_ORIGIN,
  sessionCookie,
  startSessionHarness,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { answered, header, viewerRequestEvent } from "../../support/viewer-request";

const OTHER_ORIGIN = "https://evil.example";

let h: SessionHarness;
let handle: ViewerRequestHandler;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.proxy.fault = "none";
  handle = h.handlerWith();
});
afterEach(() => {
  h.proxy.fault = "none";
});

function expectCredentialedCors(response: CloudFrontResultResponse, origin: string): void {
  expect(header(response, "access-control-allow-origin")).toBe(origin);
  expect(header(response, "access-control-allow-credentials")).toBe("true");
  expect(header(response, "access-control-expose-headers")).toBe("www-authenticate");
  expect(header(response, "vary")).toBe("Origin");
}

function expectNoCors(response: CloudFrontResultResponse): void {
  expect(header(response, "access-control-allow-origin")).toBeUndefined();
  expect(header(response, "access-control-allow-credentials")).toBeUndefined();
}

const fetchFrom = (origin: string, extra: [string, string][] = []) =>
  viewerRequestEvent({
    uri: "/docs/a.pdf",
    headers: [["Origin", origin], ["Sec-Fetch-Mode", "cors"], ...extra],
  });

describe("the session checker's own answers", () => {
  it("lets an allowed origin's credentialed fetch read the 401", async () => {
    const response = answered(await handle(fetchFrom(APP_ORIGIN)));
    expect(response.status).toBe("401");
    expectCredentialedCors(response, APP_ORIGIN);
  });

  it("lets an allowed origin's credentialed fetch read the 503", async () => {
    const id = await h.putSession();
    h.proxy.fault = "server-error";
    const response = answered(await handle(fetchFrom(APP_ORIGIN, [sessionCookie(id)])));
    expect(response.status).toBe("503");
    expectCredentialedCors(response, APP_ORIGIN);
  });

  it("gives any other origin no CORS header, 401 or 503", async () => {
    expectNoCors(answered(await handle(fetchFrom(OTHER_ORIGIN))));
    const id = await h.putSession();
    h.proxy.fault = "server-error";
    const unavailableAnswer = answered(await handle(fetchFrom(OTHER_ORIGIN, [sessionCookie(id)])));
    expect(unavailableAnswer.status).toBe("503");
    expectNoCors(unavailableAnswer);
  });

  it("matches origins exactly: a look-alike gets nothing", async () => {
    for (const origin of [`${APP_ORIGIN}/`, APP_ORIGIN.toUpperCase(), "null", "*"]) {
      expectNoCors(answered(await handle(fetchFrom(origin))));
    }
  });
});

describe("withCors", () => {
  it("names the one origin with credentials, never *", () => {
    const response = withCors(jsonResponse(401, { error: "login_required" }), APP_ORIGIN);
    expectCredentialedCors(response, APP_ORIGIN);
    expect(JSON.stringify(response.headers)).not.toContain('"*"');
  });

  it("keeps the answer's own headers and body", () => {
    const response = withCors(unavailable(), APP_ORIGIN);
    expect(response.status).toBe("503");
    expect(header(response, "cache-control")).toBe("no-store");
    expect(header(response, "content-type")).toBe("application/json");
    expect(response.body).toBe('{"error":"temporarily_unavailable"}');
  });
});
