// A request that reached the session manager without passing CloudFront is
// refused with a clear 403 before anything else happens: no login cookie, no
// redirect to the hosted UI, no session record, no config read.
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { handler } from "../../../functions/session-manager/handler";
import { startDynalite, type LocalDynamo } from "../../support/dynalite";
import { unusedOrigin } from "../../support/jwks-server";
import { withUnreachableConfigParameter } from "../../support/unreachable-config-parameter";
import {
  apiEvent,
  directEvent,
  sessionManager,
  sessionManagerConfig,
  useTestCredentials,
  hostedUiAt,
} from "../../support/session-manager-harness";

let dynamo: LocalDynamo;
let tableName: string;
let handle: ReturnType<typeof sessionManager>;

beforeAll(async () => {
  useTestCredentials();
  dynamo = await startDynalite();
  tableName = await dynamo.createSessionTable();
  const hostedUi = await unusedOrigin();
  handle = sessionManager(
    sessionManagerConfig({
      tableName,
      tableEndpoint: dynamo.endpoint,
      ...hostedUiAt(hostedUi),
    }),
  );
});

afterAll(async () => {
  await dynamo.close();
});

function expectRefused(result: Awaited<ReturnType<typeof handle>>): void {
  expect(result.statusCode).toBe(403);
  expect(result.headers?.["content-type"]).toBe("application/json");
  expect(result.headers?.["cache-control"]).toBe("no-store");
  expect(JSON.parse(result.body ?? "null")).toEqual({ error: "cloudfront_only" });
  expect(result.cookies ?? []).toEqual([]);
  expect(result.headers?.location).toBeUndefined();
}

describe("a request that skipped CloudFront", () => {
  it.each([
    ["GET", "/_identity/login?path=/a.pdf"],
    ["GET", "/_identity/auth?code=abc&state=def"],
    ["POST", "/_identity/logout"],
    ["GET", "/_identity/session"],
    ["GET", "/elsewhere"],
  ])("%s %s is refused with 403 cloudfront_only", async (method, target) => {
    expectRefused(await handle(directEvent(method, target, ["__Host-edge-gate-session=x"])));
  });

  it("writes nothing to the session table", async () => {
    await handle(directEvent("GET", "/_identity/login?path=/a.pdf"));
    const items = await dynamo.client.send(new ScanCommand({ TableName: tableName }));
    expect(items.Count).toBe(0);
  });

  it("is refused however its CloudFront id is blanked", async () => {
    const event = apiEvent("GET", "/_identity/login?path=/a.pdf");
    expectRefused(await handle({ ...event, headers: { ...event.headers, "x-amz-cf-id": " " } }));
  });

  it("is refused by the deployed handler before any config is read", async () => {
    await withUnreachableConfigParameter(async () => {
      expectRefused(await handler(directEvent("GET", "/_identity/login?path=/a.pdf")));
      expectRefused(await handler({ not: "an event" }));
    });
  });
});

describe("the same request through CloudFront", () => {
  it("is served (a login starts)", async () => {
    const result = await handle(apiEvent("GET", "/_identity/login?path=/a.pdf"));
    expect(result.statusCode).toBe(307);
  });
});
