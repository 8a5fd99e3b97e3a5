// `npm run local -- partners` (signed-cookie) end to end over HTTP: the real
// emulator, the deployed bundles and the stand-ins. After a hosted-UI login
// the cookie issuer hands out signed cookies (signed with the key the run
// stored in the Secrets Manager stand-in), CloudFront's own check opens the
// user's prefixes with them, and a file outside them gets the refused page.
// One run for the whole file: what startLocalEnvironment lays out for the
// mode (stack, content, users, signing key) is checked on it too.
import * as fs from "node:fs";
import * as path from "node:path";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { readSigningKey } from "../../../functions/cookie-issuer/signing-key";
import { startLocalEnvironment, type LocalEnvironment } from "../../../local/run";
import { TEST_CREDENTIALS } from "../../../local/stand-ins/dynalite";
import { HttpBrowser } from "./http-browser";
import { expectStopped } from "./stopped";

let run: LocalEnvironment;

beforeAll(async () => {
  run = await startLocalEnvironment({ environment: "partners" });
});
afterAll(async () => {
  await run?.stop();
});

test("startLocalEnvironment lays out the stack, the sample content and the users", () => {
  expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const [root] = run.tempDirs;
  expect(fs.existsSync(path.join(root, "cdktf.out", "stacks", "partners", "cdk.tf.json"))).toBe(
    true,
  );
  const content = path.join(root, "content");
  expect(fs.existsSync(path.join(content, "index.html"))).toBe(true);
  expect(fs.existsSync(path.join(content, "users", run.users[0].sub, "hello.txt"))).toBe(true);
  expect(fs.existsSync(path.join(content, "partners", "picture.svg"))).toBe(true);
  expect(run.users.map((u) => [u.username, u.groups])).toEqual([
    ["alice", ["partners"]],
    ["bob", []],
  ]);
});

test("startLocalEnvironment stores a local signing key where the issuer reads it", async () => {
  const client = new SecretsManagerClient({
    region: "us-west-2",
    endpoint: run.secretsEndpoint,
    credentials: TEST_CREDENTIALS,
  });
  try {
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: "edge-gate/partners/cloudfront-key/k20261123" }),
    );
    expect(readSigningKey(SecretString)).toMatchObject({ ok: true });
  } finally {
    client.destroy();
  }
});

test("login -> signed cookies -> protected file 200; outside the prefixes -> the refused page", async () => {
  const [alice, bob] = run.users;
  const browser = new HttpBrowser(run.url);
  const file = `/users/${alice.sub}/hello.txt`;

  // Without cookies CloudFront refuses; its error page is the issuer's refused page.
  const before = await browser.open(file);
  expect(before.status).toBe(403);
  expect(before.body).toContain("Sign-in required");

  const login = await browser.navigate(`/_auth/login?path=${encodeURIComponent(file)}`);
  expect(login.url.origin).toBe(run.cognitoOrigin);
  const landed = await browser.signIn(login.url, alice);
  expect(browser.cookieNames()).toEqual(
    expect.arrayContaining(["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]),
  );
  expect({ path: landed.url.pathname, status: landed.status, body: landed.body }).toEqual({
    path: file,
    status: 200,
    body: "Hello from alice's folder.\n",
  });
  expect((await browser.open("/partners/hello.txt")).status).toBe(200);

  const outside = await browser.open(`/users/${bob.sub}/hello.txt`);
  expect(outside.status).toBe(403);
  expect(outside.body).toContain("Sign-in required");
});

test("the site's Content-Security-Policy names the local hosted UI, never AWS's", async () => {
  const csp = String(
    (await new HttpBrowser(run.url).navigate("/")).headers["content-security-policy"],
  );
  expect(csp).toContain(`form-action 'self' ${run.cognitoOrigin}`);
  expect(csp).not.toContain("amazoncognito.com");
});

test("stop() leaves nothing running", async () => {
  await expectStopped(run);
});
