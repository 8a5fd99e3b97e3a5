// The login functions' config from its SSM parameter: one signed GetParameter
// to a loopback SSM stand-in, a hanging endpoint given up on at the injected
// limit, and the refresh rules (re-read after a minute, a failed re-read keeps
// the last config for a while, then 503) on a clock the test moves.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
  CONFIG_PARAMETER_VARIABLE,
  parseConfigSource,
  readConfigParameter,
  type ParameterRead,
} from "../../../functions/shared/config-parameter";
import {
  CONFIG_REFRESH_MS,
  CONFIG_STALE_LIMIT_MS,
  configuredHandler,
} from "../../../functions/shared/regional-config";
import { receivedRequest, sigv4Problem } from "../../../local/stand-ins/sigv4-check";
import { startSilentServer, type SilentServer } from "../../support/session-manager-harness";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";

const SIGNER = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: SIGNER.accessKeyId,
  AWS_SECRET_ACCESS_KEY: SIGNER.secretAccessKey,
};
const NAME = "/edge-gate/test-session-manager/config";

interface SsmStandIn {
  endpoint: string;
  values: Map<string, string>;
  seen: { target: string; authorization: string; body: unknown }[];
  close: () => Promise<void>;
}

/**
 * AmazonSSM.GetParameter over JSON 1.1, as the SDKs speak it, behind SSM's
 * signature check (the AWS SDK's signer recomputes each one).
 */
async function startSsmStandIn(): Promise<SsmStandIn> {
  const values = new Map<string, string>();
  const seen: SsmStandIn["seen"] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", async () => {
      const refused = await sigv4Problem(receivedRequest(req, text), [SIGNER], "ssm");
      if (refused !== null) {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify({ __type: refused.type, message: refused.message }));
        return;
      }
      const body = JSON.parse(text) as { Name: string };
      seen.push({
        target: String(req.headers["x-amz-target"]),
        authorization: String(req.headers.authorization),
        body,
      });
      const value = values.get(body.Name);
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (value === undefined) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: "ParameterNotFound" }));
        return;
      }
      res.end(JSON.stringify({ Parameter: { Name: body.Name, Type: "String", Value: value } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    values,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let ssm: SsmStandIn;
let silent: SilentServer;
beforeAll(async () => {
  ssm = await startSsmStandIn();
  silent = await startSilentServer();
});
afterAll(async () => {
  await ssm.close();
  await silent.close();
});

describe("parseConfigSource", () => {
  it("takes a name and a region, and a loopback endpoint only", () => {
    expect(parseConfigSource(JSON.stringify({ name: NAME, region: "eu-west-1" }))).toEqual({
      name: NAME,
      region: "eu-west-1",
    });
    for (const bad of [
      undefined,
      "not json",
      JSON.stringify({ name: "no-slash", region: "eu-west-1" }),
      JSON.stringify({ name: NAME, region: "mars" }),
      // Signed credentials never go to a host elsewhere.
      JSON.stringify({ name: NAME, region: "eu-west-1", endpoint: "https://evil.example" }),
      // No call of edge-gate's has a query, and its signer signs none.
      JSON.stringify({ name: NAME, region: "eu-west-1", endpoint: "http://127.0.0.1:9/?x=1" }),
    ]) {
      expect(parseConfigSource(bad)).toBeNull();
    }
  });

  it("reads nothing from an endpoint with a query, and does not throw", async () => {
    const source = { name: NAME, region: "eu-west-1", endpoint: "http://127.0.0.1:9/?x=1" };
    await expect(readConfigParameter(source, CREDENTIALS, GENEROUS_TIMEOUT_MS)).resolves.toEqual({
      ok: false,
      reason: "endpoint with a query",
    });
  });
});

describe("readConfigParameter", () => {
  it("reads the value with one signed AmazonSSM.GetParameter", async () => {
    ssm.values.set(NAME, '{"a":1}');
    const read = await readConfigParameter(
      { name: NAME, region: "eu-west-1", endpoint: ssm.endpoint },
      CREDENTIALS,
      GENEROUS_TIMEOUT_MS,
    );
    expect(read).toEqual({ ok: true, text: '{"a":1}' });
    const last = ssm.seen[ssm.seen.length - 1];
    expect(last.target).toBe("AmazonSSM.GetParameter");
    expect(last.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d+\/eu-west-1\/ssm\//,
    );
    expect(last.body).toEqual({ Name: NAME, WithDecryption: false });
  });

  it("reports a missing parameter, and missing credentials, without throwing", async () => {
    const source = { name: "/edge-gate/none/config", region: "eu-west-1", endpoint: ssm.endpoint };
    expect(await readConfigParameter(source, CREDENTIALS, GENEROUS_TIMEOUT_MS)).toEqual({
      ok: false,
      reason: "status 400",
    });
    expect(await readConfigParameter(source, {}, GENEROUS_TIMEOUT_MS)).toEqual({
      ok: false,
      reason: "no credentials",
    });
  });

  it("gives up on an endpoint that never answers at the injected limit", async () => {
    const source = { name: NAME, region: "eu-west-1", endpoint: silent.origin };
    expect(await readConfigParameter(source, CREDENTIALS, 50)).toEqual({
      ok: false,
      reason: "timeout",
    });
  });
});

describe("configuredHandler", () => {
  const env = {
    [CONFIG_PARAMETER_VARIABLE]: JSON.stringify({ name: NAME, region: "eu-west-1" }),
  };

  function scripted(answers: ParameterRead[]) {
    let clock = 0;
    const built: unknown[] = [];
    const reads: number[] = [];
    const get = configuredHandler({
      env,
      inlineVariable: "EDGE_GATE_CONFIG",
      build: (config) => {
        built.push(config);
        return { config };
      },
      now: () => clock,
      read: async () => {
        reads.push(clock);
        return answers.shift() ?? { ok: false, reason: "script ended" };
      },
    });
    return { get, built, reads, move: (ms: number) => (clock += ms) };
  }

  it("prefers an inline config and never reads the parameter then", async () => {
    const get = configuredHandler({
      env: { ...env, EDGE_GATE_CONFIG: '{"inline":true}' },
      inlineVariable: "EDGE_GATE_CONFIG",
      build: (config) => config,
      read: () => Promise.reject(new Error("must not read")),
    });
    expect(await get()).toEqual({ inline: true });
  });

  it("reads once, keeps the config for a minute, then reads again", async () => {
    const s = scripted([
      { ok: true, text: '{"v":1}' },
      { ok: true, text: '{"v":1}' },
      { ok: true, text: '{"v":2}' },
    ]);
    const first = await s.get();
    expect(first).toEqual({ config: { v: 1 } });
    s.move(CONFIG_REFRESH_MS - 1);
    expect(await s.get()).toBe(first);
    expect(s.reads).toHaveLength(1);
    s.move(1);
    // The same text keeps the same handler (its caches and connections).
    expect(await s.get()).toBe(first);
    s.move(CONFIG_REFRESH_MS);
    expect(await s.get()).toEqual({ config: { v: 2 } });
    expect(s.built).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it("answers null (503) when the first read fails, and tries again on the next request", async () => {
    const s = scripted([
      { ok: false, reason: "timeout" },
      { ok: true, text: '{"v":1}' },
    ]);
    expect(await s.get()).toBeNull();
    expect(await s.get()).toEqual({ config: { v: 1 } });
  });

  it("keeps the last config through failed re-reads up to the stale limit, then fails closed", async () => {
    const s = scripted([{ ok: true, text: '{"v":1}' }]);
    const first = await s.get();
    s.move(CONFIG_STALE_LIMIT_MS - 1);
    expect(await s.get()).toBe(first);
    s.move(1);
    expect(await s.get()).toBeNull();
  });

  it("hands a config that is not JSON to the handler's own check (which refuses everything)", async () => {
    const s = scripted([{ ok: true, text: "not json" }]);
    expect(await s.get()).toEqual({ config: undefined });
  });
});
