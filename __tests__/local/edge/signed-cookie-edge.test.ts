// The local edge running the partners environment (signed-cookie) from its
// synthesized stack: CloudFront's own check against the trusted key group (a
// locally generated key pair replaces the stack's public key), the refused
// page fetched from the regional cookie issuer as the custom error response,
// signed URLs before cookies, and behaviours that follow a changed public path.
import { generateKeyPairSync } from "node:crypto";
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { startLocalEdge, type LocalEdge, type LocalEdgeOptions } from "../../../local/edge";
import { partnersVariant, signedCookieInput } from "../../support/signed-cookie-stack";
import { CLIENT_ID, TEST_SUB, generateSigningKey } from "../../support/jwt-fixtures";
import { PLAN_HOOK_TIMEOUT_MS, shippedStackDir } from "../../support/shipped-plans";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";
import { cleanup, contentDir, synthStackDir } from "./stack-dir";

const KEY_PAIR_ID = "KLOCALPARTNERS1";
const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const PRIVATE_PEM = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const PUBLIC_PEM = publicKey.export({ type: "spki", format: "pem" }).toString();
const jwk = generateSigningKey("issuer-key").jwk;

let content: string;

beforeAll(() => {
  content = contentDir({
    "index.html": "<h1>partners</h1>",
    "docs/guide.txt": "a guide",
    "assets/logo.txt": "logo",
    [`users/${TEST_SUB}/a.txt`]: "file a",
    [`users/${TEST_SUB}/b.txt`]: "file b",
    "partners/deal.txt": "partners only",
  });
});
afterAll(cleanup);

function options(stackDir: string): LocalEdgeOptions {
  return {
    stackDir,
    contentDir: content,
    port: 0,
    resolveReference: (ref) => {
      if (/^aws_cloudfront_public_key\.[\w-]+\.id$/.test(ref)) return KEY_PAIR_ID;
      if (/^aws_cognito_user_pool\.[\w-]+\.endpoint$/.test(ref)) return "cognito-idp.local/pool";
      if (/^aws_cognito_user_pool_domain\.[\w-]+\.domain$/.test(ref)) return "partners-local";
      if (/^aws_cognito_user_pool_client\.[\w-]+\.id$/.test(ref)) return CLIENT_ID;
      if (/^data\.http\.[\w-]+\.response_body$/.test(ref)) return JSON.stringify({ keys: [jwk] });
      return undefined;
    },
    adjustConfig: (_name, config, site) => {
      const c = config as Record<string, Record<string, unknown>>;
      const loopback = "http://127.0.0.1:9";
      return {
        ...c,
        siteOrigin: site.origin,
        hostedUi: {
          ...c.hostedUi,
          baseUrl: loopback,
          issuer: `${loopback}/pool`,
          jwksUri: `${loopback}/pool/jwks.json`,
        },
        secretsManager: { ...c.secretsManager, endpoint: loopback },
      };
    },
    publicKeyOverrides: { "partners-k20261123": PUBLIC_PEM },
    functionEnvironment: { AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" },
    edgeRegion: "us-west-2",
    viewerRequestTimeoutMs: GENEROUS_TIMEOUT_MS,
  };
}

const inAnHour = () => new Date(Date.now() + 3600_000);

function cookieHeader(edge: LocalEdge, resource: string): string {
  const policy = JSON.stringify({
    Statement: [
      {
        Resource: `${edge.url}${resource}`,
        Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(inAnHour().getTime() / 1000) } },
      },
    ],
  });
  const cookies = getSignedCookies({ keyPairId: KEY_PAIR_ID, privateKey: PRIVATE_PEM, policy });
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join("; ");
}

async function get(url: string, cookie?: string) {
  const response = await fetch(url, { headers: cookie === undefined ? {} : { cookie } });
  return { status: response.status, body: await response.text() };
}

describe("the partners environment on the local edge", () => {
  let edge: LocalEdge;
  beforeAll(async () => {
    // The run's one synthesis of the shipped partners stack, shared and read-only.
    edge = await startLocalEdge(options(await shippedStackDir("partners")));
  }, PLAN_HOOK_TIMEOUT_MS);
  afterAll(() => edge.close());

  test("a public path needs no cookies", async () => {
    expect(await get(`${edge.url}/index.html`)).toEqual({ status: 200, body: "<h1>partners</h1>" });
  });

  test("valid signed cookies open the files their policy covers", async () => {
    const cookie = cookieHeader(edge, `/users/${TEST_SUB}/*`);
    expect(await get(`${edge.url}/users/${TEST_SUB}/a.txt`, cookie)).toEqual({
      status: 200,
      body: "file a",
    });
  });

  test("without valid cookies: 403 with the refused page, fetched from the cookie issuer", async () => {
    const refused = await get(`${edge.url}/users/${TEST_SUB}/a.txt`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Sign-in required");
    const outside = await get(
      `${edge.url}/partners/deal.txt`,
      cookieHeader(edge, `/users/${TEST_SUB}/*`),
    );
    expect(outside.status).toBe(403);
    const entry = edge.requestLog.find((e) => e.uri === "/partners/deal.txt");
    expect(entry).toMatchObject({ functionVerdict: "signed-refused", status: 403 });
    expect(entry?.detail).toContain("/_auth/refused -> 200");
  });

  test("a signed URL opens one file only, and its parameters win over cookies", async () => {
    const url = getSignedUrl({
      url: `${edge.url}/users/${TEST_SUB}/a.txt`,
      keyPairId: KEY_PAIR_ID,
      privateKey: PRIVATE_PEM,
      dateLessThan: inAnHour(),
    });
    expect((await get(url)).status).toBe(200);
    const query = url.slice(url.indexOf("?"));
    expect((await get(`${edge.url}/users/${TEST_SUB}/b.txt${query}`)).status).toBe(403);
    const cookie = cookieHeader(edge, `/users/${TEST_SUB}/*`);
    expect((await get(`${edge.url}/users/${TEST_SUB}/b.txt${query}`, cookie)).status).toBe(403);
  });

  test("a signed URL with a malformed escape is refused with the refused page, not an error", async () => {
    const refused = await get(
      `${edge.url}/users/${TEST_SUB}/a.txt?Expires=2000000000&Signature=%zz&Key-Pair-Id=${KEY_PAIR_ID}`,
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Sign-in required");
  });

  test("a key outside the trusted key group is refused", async () => {
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const url = getSignedUrl({
      url: `${edge.url}/users/${TEST_SUB}/a.txt`,
      keyPairId: KEY_PAIR_ID,
      privateKey: other.export({ type: "pkcs8", format: "pem" }).toString(),
      dateLessThan: inAnHour(),
    });
    expect((await get(url)).status).toBe(403);
  });
});

test("a changed public path becomes a behaviour the local edge follows", async () => {
  const env = partnersVariant((input) => {
    signedCookieInput(input).paths.public = ["/index.html", "/docs/"];
  });
  const edge = await startLocalEdge(options(synthStackDir(env)));
  try {
    expect((await get(`${edge.url}/docs/guide.txt`)).status).toBe(200);
    expect((await get(`${edge.url}/assets/logo.txt`)).status).toBe(403);
    expect(edge.requestLog[0].behaviour).toBe("/docs/*");
  } finally {
    await edge.close();
  }
});
