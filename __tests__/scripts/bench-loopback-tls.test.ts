// The bench's https table: dynalite serving a certificate made for the run,
// which the SDK client and a child node process given NODE_EXTRA_CA_CERTS
// trust, and which a child without it refuses (so nothing switched
// certificate checks off).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { startDynalite, type LocalDynamo } from "../support/dynalite";
import { loopbackTls, trustFile, type LoopbackTls } from "../../scripts/bench/loopback-tls";

const run = promisify(execFile);

/** A child that POSTs ListTables to `endpoint` and prints the status, or the error's code. */
const listTablesScript = (endpoint: string) =>
  `require("node:https").request(${JSON.stringify(endpoint)},{method:"POST",headers:{"content-type":"application/x-amz-json-1.0","x-amz-target":"DynamoDB_20120810.ListTables","authorization":"AWS4-HMAC-SHA256 Credential=AKIAEDGEGATETEST0000/20260101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00","x-amz-date":"20260101T000000Z"}},r=>{console.log(r.statusCode);r.resume()}).on("error",e=>console.log(e.code)).end("{}")`;

/** This process's environment without anything that decides which certificates a child trusts. */
function envWithoutTrustSettings(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  return env;
}

let tls: LoopbackTls;
let dynamo: LocalDynamo;
let dir: string;

beforeAll(async () => {
  tls = await loopbackTls();
  dynamo = await startDynalite({ tls });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-tls-"));
});

afterAll(async () => {
  await dynamo.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the bench's https table", () => {
  it("serves https on 127.0.0.1 to the SDK client it hands out", async () => {
    expect(dynamo.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const name = await dynamo.createSessionTable();
    const listed = await dynamo.client.send(new ListTablesCommand({}));
    expect(listed.TableNames).toContain(name);
  });

  it("is trusted by a child given the certificate through NODE_EXTRA_CA_CERTS", async () => {
    const env = { ...envWithoutTrustSettings(), NODE_EXTRA_CA_CERTS: trustFile(dir, tls) };
    const { stdout } = await run(process.execPath, ["-e", listTablesScript(dynamo.endpoint)], {
      env,
    });
    expect(stdout.trim()).toBe("200");
  });

  it("is refused by a child that was not given the certificate", async () => {
    const env = envWithoutTrustSettings();
    const { stdout } = await run(process.execPath, ["-e", listTablesScript(dynamo.endpoint)], {
      env,
    });
    expect(stdout.trim()).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
  });
});
