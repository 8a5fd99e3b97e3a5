// `npm run local -- staging` (session-cookie) end to end over HTTP: the real
// emulator, the deployed bundles and the stand-ins. A protected page sends a
// browser to the hosted UI and, after sign-in, back to the page it asked for;
// the session then opens what the path rules give its user, and nothing else.
// One run for the whole file: the session table startLocalEnvironment makes
// for the mode is checked on it too.
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { startLocalEnvironment, type LocalEnvironment } from "../../../local/run";
import { HttpBrowser } from "./http-browser";
import { expectStopped } from "./stopped";

let run: LocalEnvironment;

beforeAll(async () => {
  run = await startLocalEnvironment({ environment: "staging", replicationDelayMs: 0 });
});
afterAll(async () => {
  await run?.stop();
});

test("startLocalEnvironment creates the session table at home and in each replica", async () => {
  const table = run.sessionTable;
  expect(table?.homeRegion).toBe("eu-central-1");
  expect(table?.replicaRegions).toEqual(["us-east-1"]);
  for (const region of ["eu-central-1", "us-east-1"]) {
    const { TableNames } = await table!.tables[region].client.send(new ListTablesCommand({}));
    expect([region, TableNames]).toEqual([region, ["staging-sessions"]]);
  }
});

test("protected page -> hosted-UI login -> back to the page asked for -> 200", async () => {
  const [alice, bob] = run.users;
  const browser = new HttpBrowser(run.url);
  const page = `/users/${alice.sub}/hello.txt`;

  const first = await browser.navigate(page);
  expect(first.status).toBe(307);
  expect(first.url.origin).toBe(run.cognitoOrigin);
  expect(first.url.pathname).toBe("/oauth2/authorize");

  const landed = await browser.signIn(first.url, alice);
  expect({ path: landed.url.pathname, status: landed.status, body: landed.body }).toEqual({
    path: page,
    status: 200,
    body: "Hello from alice's folder.\n",
  });
  expect((await browser.open("/staff/hello.txt")).status).toBe(200);
  expect((await browser.open(`/users/${bob.sub}/hello.txt`)).status).toBe(403);
});

test("the site's Content-Security-Policy lets logout end at the local hosted UI", async () => {
  const landing = await new HttpBrowser(run.url).navigate("/");
  expect(landing.status).toBe(200);
  const csp = String(landing.headers["content-security-policy"]);
  expect(csp).toContain(`form-action 'self' ${run.cognitoOrigin}`);
  expect(csp).not.toContain("amazoncognito.com");
});

test("stop() leaves nothing running", async () => {
  await expectStopped(run);
});
