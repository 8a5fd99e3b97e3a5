// The local edge running the dev environment (bearer-JWT) from its
// synthesized stack: the deployed bundle checks each request, hit or miss,
// against a JWKS on loopback; a changed public prefix is followed without
// code changes; Lambda@Edge's limits (time, generated size, headers) hold.
import { startLocalEdge, type LocalEdge, type LocalEdgeOptions } from "../../../local/edge";
import { startJwksServer, type JwksServer } from "../../support/jwks-server";
import {
  CLIENT_ID,
  OTHER_SUB,
  TEST_SUB,
  accessTokenClaims,
  generateSigningKey,
  signRs256,
  type SigningKey,
} from "../../support/jwt-fixtures";
import { PLAN_HOOK_TIMEOUT_MS, shippedStackDir } from "../../support/shipped-plans";
import { variantOf } from "../../support/synth";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";
import { cleanup, contentDir, synthStackDir, withBundles } from "./stack-dir";

let jwks: JwksServer;
let key: SigningKey;
let devStack: string;
let content: string;

beforeAll(async () => {
  key = generateSigningKey("local-edge-key");
  jwks = await startJwksServer({ kind: "serve", jwks: { keys: [key.jwk] } });
  // The run's one synthesis of the shipped dev stack, shared and read-only.
  devStack = await shippedStackDir("dev");
  content = contentDir({
    "public/hello.txt": "hello, world",
    "open/hello.txt": "open to all",
    [`users/${TEST_SUB}/report.txt`]: "alice's report",
    [`users/${OTHER_SUB}/secret.txt`]: "bob's secret",
    "shared/plan.txt": "for staff",
  });
}, PLAN_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await jwks.close();
  cleanup();
});

function options(stackDir: string, extra: Partial<LocalEdgeOptions> = {}): LocalEdgeOptions {
  return {
    stackDir,
    contentDir: content,
    port: 0,
    resolveReference: (ref) => {
      if (/^aws_cognito_user_pool\.[\w-]+\.endpoint$/.test(ref)) return "cognito-idp.local/pool";
      if (/^data\.http\.[\w-]+\.response_body$/.test(ref))
        return JSON.stringify({ keys: [key.jwk] });
      if (/^aws_cognito_user_pool_client\.[\w-]+\.id$/.test(ref)) return CLIENT_ID;
      return undefined;
    },
    adjustConfig: (_name, config) => ({
      ...(config as object),
      issuer: jwks.issuer,
      jwksUri: jwks.jwksUri,
    }),
    functionEnvironment: {},
    edgeRegion: "eu-west-1",
    viewerRequestTimeoutMs: GENEROUS_TIMEOUT_MS,
    ...extra,
  };
}

const token = (claims: Record<string, unknown> = {}) =>
  signRs256(key, accessTokenClaims(jwks.issuer, claims));

async function get(edge: LocalEdge, path: string, bearer?: string) {
  const response = await fetch(`${edge.url}${path}`, {
    headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

describe("the dev environment on the local edge", () => {
  let edge: LocalEdge;
  beforeAll(async () => {
    edge = await startLocalEdge(options(devStack));
  });
  afterAll(() => edge.close());

  test("a public file is served without a token, with the stack's security headers", async () => {
    const r = await get(edge, "/public/hello.txt");
    expect(r).toMatchObject({ status: 200, body: "hello, world" });
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("strict-transport-security")).toContain("max-age=");
  });

  test("a protected file needs a valid token", async () => {
    expect((await get(edge, `/users/${TEST_SUB}/report.txt`)).status).toBe(401);
    const r = await get(edge, `/users/${TEST_SUB}/report.txt`, token());
    expect(r).toMatchObject({ status: 200, body: "alice's report" });
  });

  test("another user's folder is refused", async () => {
    const r = await get(edge, `/users/${OTHER_SUB}/secret.txt`, token());
    expect(r.status).toBe(403);
  });

  test("a cached object is still checked on every request", async () => {
    const path = `/users/${TEST_SUB}/report.txt`;
    await get(edge, path, token());
    const hit = await get(edge, path, token());
    expect(hit.status).toBe(200);
    expect(hit.headers.get("x-cache")).toBe("Hit from cloudfront");
    expect((await get(edge, path)).status).toBe(401);
    expect((await get(edge, path, token({ sub: OTHER_SUB }))).status).toBe(403);
    const lines = edge.requestLog.filter((e) => e.uri === path);
    expect(lines.every((e) => e.functionVerdict !== "none")).toBe(true);
  });

  test("two staff members share one cached copy", async () => {
    const staff = (sub: string) => token({ sub, "cognito:groups": ["staff"] });
    const first = await get(edge, "/shared/plan.txt", staff(TEST_SUB));
    const second = await get(edge, "/shared/plan.txt", staff(OTHER_SUB));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get("x-cache")).toBe("Hit from cloudfront");
  });

  test("a missing object is S3's AccessDenied, and no path leaves the content folder", async () => {
    const missing = await get(edge, "/public/nothing.txt");
    expect(missing.status).toBe(403);
    expect(missing.body).toContain("<Code>AccessDenied</Code>");
    const escape = await get(edge, "/public/%2e%2e/%2e%2e/%2e%2e/etc/passwd");
    expect(escape.status).not.toBe(200);
  });

  test("every request is logged with its behaviour, verdict, origin and cache result", () => {
    expect(edge.requestLog[0]).toMatchObject({
      method: "GET",
      uri: "/public/hello.txt",
      behaviour: "default",
      functionVerdict: "passed",
      origin: "content-bucket",
      status: 200,
      cache: "miss",
    });
  });
});

test("a changed public prefix is followed without code changes", async () => {
  const env = variantOf("dev", (input) => {
    if (input.protection.mode !== "bearer-jwt") throw new Error("dev is bearer-jwt");
    input.protection.paths = { ...input.protection.paths, public: ["/open/"] };
  });
  const edge = await startLocalEdge(options(synthStackDir(env)));
  try {
    expect((await get(edge, "/open/hello.txt")).status).toBe(200);
    expect((await get(edge, "/public/hello.txt")).status).toBe(401);
  } finally {
    await edge.close();
  }
});

describe("Lambda@Edge's limits", () => {
  const withFunction = async (
    code: string,
    limitMs: number,
    run: (edge: LocalEdge) => Promise<void>,
  ) => {
    const edge = await startLocalEdge(
      options(withBundles(devStack, code), { viewerRequestTimeoutMs: limitMs }),
    );
    try {
      await run(edge);
    } finally {
      await edge.close();
    }
  };

  test("a function that never answers is cut off at the limit: 503", async () => {
    // The limit is short, but the function never answers: no machine is fast enough to pass.
    await withFunction("exports.handler = () => new Promise(() => {});", 200, async (edge) => {
      expect((await get(edge, "/public/hello.txt")).status).toBe(503);
      expect(edge.requestLog[0].functionVerdict).toBe("timeout");
    });
  });

  test("a generated response over 40 KB is invalid: 502", async () => {
    const code = `exports.handler = async () => ({ status: "200", body: "x".repeat(41 * 1024) });`;
    await withFunction(code, GENEROUS_TIMEOUT_MS, async (edge) => {
      expect((await get(edge, "/public/hello.txt")).status).toBe(502);
    });
  });

  test("a function setting a disallowed or read-only header gets 502", async () => {
    const code = `exports.handler = async (e) => { const r = e.Records[0].cf.request;
      if (r.uri.startsWith("/public/")) r.headers["x-cache"] = [{ key: "X-Cache", value: "forged" }];
      else r.headers.host = [{ key: "Host", value: "elsewhere.example" }];
      return r; };`;
    await withFunction(code, GENEROUS_TIMEOUT_MS, async (edge) => {
      expect((await get(edge, "/public/hello.txt")).status).toBe(502);
      expect((await get(edge, "/shared/plan.txt")).status).toBe(502);
    });
  });

  test("a function that throws is an execution error: 503", async () => {
    await withFunction(
      `exports.handler = async () => { throw new Error("boom"); };`,
      GENEROUS_TIMEOUT_MS,
      async (edge) => {
        expect((await get(edge, "/public/hello.txt")).status).toBe(503);
      },
    );
  });
});
