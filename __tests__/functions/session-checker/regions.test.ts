// Which copy of the session table an edge replica reads: the one in the
// region it runs in when that region holds a replica, else the home table.
// Two dynalite servers stand for the two regions, reached through the
// endpoint template with `{region}` filled in.
import { lookupRegion, endpointFor } from "../../../functions/session-checker/table-endpoint";
import {
  HOME_REGION,
  REPLICA_REGION,
  sessionCookie,
  startSessionHarness,
  TEST_SUB,
  type SessionHarness,
} from "../../support/session-checker-harness";
import { answered, passed, viewerRequestEvent } from "../../support/viewer-request";

let h: SessionHarness;
beforeAll(async () => {
  h = await startSessionHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const event = (id: string) =>
  viewerRequestEvent({ uri: "/docs/a.pdf", headers: [sessionCookie(id)] });

it("reads the replica in the region the function runs in", async () => {
  const id = await h.putSession({ sub: "replica-user" }, REPLICA_REGION);
  const before = { home: h.proxy.requests(HOME_REGION), replica: h.proxy.requests(REPLICA_REGION) };
  const handle = h.handlerWith({}, REPLICA_REGION);
  const request = passed(await handle(event(id)));
  expect(request.headers["x-auth-sub"]?.[0].value).toBe("replica-user");
  expect(h.proxy.requests(REPLICA_REGION) - before.replica).toBe(1);
  expect(h.proxy.requests(HOME_REGION) - before.home).toBe(0);
});

it("confirms at home a session that only the home table holds (replication lag), replica first", async () => {
  // dynalite does not replicate: the replica's miss is what a fresh login
  // meets before replication catches up (replicas.test.ts has the rest).
  const id = await h.putSession({}, HOME_REGION);
  const before = { home: h.proxy.requests(HOME_REGION), replica: h.proxy.requests(REPLICA_REGION) };
  const handle = h.handlerWith({}, REPLICA_REGION);
  expect(passed(await handle(event(id))).headers["x-auth-sub"]?.[0].value).toBe(TEST_SUB);
  expect(h.proxy.requests(REPLICA_REGION) - before.replica).toBe(1);
  expect(h.proxy.requests(HOME_REGION) - before.home).toBe(1);
});

it("refuses a session that neither copy holds", async () => {
  const handle = h.handlerWith({}, REPLICA_REGION);
  expect(answered(await handle(event("H".repeat(43)))).status).toBe("401");
});

it("reads the home table when the function runs in a region without a replica", async () => {
  const id = await h.putSession({}, HOME_REGION);
  const before = h.proxy.requests(HOME_REGION);
  const handle = h.handlerWith({}, "ap-northeast-1");
  expect(passed(await handle(event(id))).headers["x-auth-sub"]?.[0].value).toBe(TEST_SUB);
  expect(h.proxy.requests(HOME_REGION) - before).toBe(1);
});

it("reads the home table when the replica list is empty", async () => {
  const id = await h.putSession({}, HOME_REGION);
  const handle = h.handlerWith(
    { table: { ...h.config.table, replicaRegions: [] } },
    REPLICA_REGION,
  );
  passed(await handle(event(id)));
});

describe("lookupRegion and endpointFor", () => {
  const table = {
    name: "t",
    homeRegion: "eu-west-1",
    replicaRegions: ["us-east-1", "ap-southeast-2"],
    endpoint: "https://dynamodb.{region}.amazonaws.com",
  };

  it.each([
    ["us-east-1", "us-east-1"],
    ["ap-southeast-2", "ap-southeast-2"],
    ["eu-west-1", "eu-west-1"],
    ["sa-east-1", "eu-west-1"],
    [undefined, "eu-west-1"],
    ["", "eu-west-1"],
  ])("running in %p reads %s", (runningIn, expected) => {
    expect(lookupRegion(table, runningIn)).toBe(expected);
  });

  it("fills the production template", () => {
    expect(endpointFor(table.endpoint, "us-east-1")).toBe(
      "https://dynamodb.us-east-1.amazonaws.com",
    );
  });

  it("fills every {region} and leaves a template without one unchanged", () => {
    expect(endpointFor("http://127.0.0.1:1/{region}/{region}", "x-y-1")).toBe(
      "http://127.0.0.1:1/x-y-1/x-y-1",
    );
    expect(endpointFor("http://127.0.0.1:8000", "eu-west-1")).toBe("http://127.0.0.1:8000");
  });
});
