// The session checker's cold start, in CPU over a bare node process (the
// children's script CPU, node's start-up apart: measure.ts, ProcessCpu):
// require + config read + the first request on a public path (no look-up),
// and the extra of a first request that reads the table, next to what one
// bare https.request to the same endpoint costs a fresh process, and the
// floor of that extra: the same bare request signed with the checker's own
// signer (functions/shared/sigv4.ts). The table answers over https, as
// DynamoDB always does: Node's https loads node:crypto, so over plain http
// (loopback only) the first GetItem would be charged crypto's load, which
// any https client pays. Every child trusts the loopback certificate through
// NODE_EXTRA_CA_CERTS (node reads it as it starts, before the script CPU
// counted here), all children alike.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { bundle, esbuildTarget } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { SESSION_CHECKER_ENTRY } from "../../stacks/protection/session-cookie";
import { startDynalite } from "../../__tests__/support/dynalite";
import {
  cpuOfNode,
  median,
  pairedDifferenceWithSpread,
  sampleSeries,
  scriptCpuOf,
  scriptCpuOverBare,
} from "./measure";
import { loopbackTls, trustFile } from "./loopback-tls";
import { attempt, type Results } from "./report";
import {
  checkerConfig,
  CREDENTIAL_ENV,
  PROTECTED_URI,
  PUBLIC_URI,
  seedSessions,
  viewerRequest,
} from "./session-fixtures";

/**
 * Runs of each series. Each figure here is a difference of children that do
 * tens of ms of TLS and module loading, and a slow burst of the host lifts a
 * whole run: in one run of 15, the first GetItem's middle half spanned 0.8
 * to 11.7 ms. More runs narrow the median's own uncertainty (as one over the
 * square root of their number), for about 10 s more; they do not narrow the
 * spread, which is the host's.
 */
const RUNS = 25;

/**
 * One POST to `endpoint` and its whole answer, as plainly as node can
 * (keep-alive, like the checker), as script text. `signed`: SigV4-signed
 * first with the checker's signer, with the environment's credentials (the
 * script then needs bundling: bareRequestFile).
 */
function bareRequestScript(endpoint: string, signed: boolean): string {
  const body = JSON.stringify({ TableName: "bench", Key: { pk: { S: "x" } } });
  const headers = {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": "DynamoDB_20120810.GetItem",
  };
  const sign = signed
    ? `h=require("../../functions/shared/sigv4").signPost({url:u,region:process.env.AWS_REGION,service:"dynamodb",headers:h,body:b},{accessKeyId:process.env.AWS_ACCESS_KEY_ID,secretAccessKey:process.env.AWS_SECRET_ACCESS_KEY});`
    : "";
  return `const u=new URL(${JSON.stringify(endpoint)});const b=${JSON.stringify(body)};let h=${JSON.stringify(headers)};${sign}const t=require(u.protocol==="https:"?"https":"http");t.request(u,{method:"POST",headers:h,agent:new t.Agent({keepAlive:true})},r=>{r.resume()}).on("error",e=>{console.error(e.message);process.exit(4)}).end(b)`;
}

/**
 * The bare request as a one-file bundle, built as the checker's is (the
 * signer inlined, minified). The floor of a first GetItem is the signed file over
 * the unsigned one: the checker cannot call the table without loading a
 * signer and signing, and both files cost the module loader the same.
 */
function bareRequestFile(dir: string, name: string, endpoint: string, signed: boolean): string {
  const built = buildSync({
    stdin: { contents: bareRequestScript(endpoint, signed), resolveDir: __dirname },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: esbuildTarget(EDGE_RUNTIME),
    minify: true,
    write: false,
    logLevel: "silent",
  });
  fs.writeFileSync(path.join(dir, name), built.outputFiles[0].text);
  return `require("./${name}")`;
}

export async function sessionCheckerColdStart(): Promise<Results> {
  const tls = await loopbackTls();
  const dynamo = await startDynalite({ tls });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-"));
  try {
    const { tableName, ids } = await seedSessions(dynamo, 1);
    fs.writeFileSync(
      path.join(dir, "index.js"),
      bundle(SESSION_CHECKER_ENTRY, EDGE_RUNTIME, { edge: true }),
    );
    fs.writeFileSync(
      path.join(dir, "config.json"),
      JSON.stringify(checkerConfig(tableName, dynamo.endpoint)),
    );
    const env = { ...process.env, ...CREDENTIAL_ENV, NODE_EXTRA_CA_CERTS: trustFile(dir, tls) };
    const firstRequest = (uri: string) =>
      `const e=${JSON.stringify(viewerRequest(uri, ids[0]))};require("./index.js").handler(e).then(r=>{if(!r.uri){console.error("first request refused: "+r.status);process.exit(3)}})`;
    const unsignedFile = bareRequestFile(dir, "request.js", dynamo.endpoint, false);
    const signedFile = bareRequestFile(dir, "signed-request.js", dynamo.endpoint, true);
    const samples = await sampleSeries(RUNS, {
      bare: () => cpuOfNode("", dir, env),
      publicPath: () => cpuOfNode(firstRequest(PUBLIC_URI), dir, env),
      lookUp: () => cpuOfNode(firstRequest(PROTECTED_URI), dir, env),
      request: () => cpuOfNode(bareRequestScript(dynamo.endpoint, false), dir, env),
      unsignedFile: () => cpuOfNode(unsignedFile, dir, env),
      signedFile: () => cpuOfNode(signedFile, dir, env),
    });
    // Each child's script CPU (ProcessCpu says why not the whole process's).
    const bare = () => scriptCpuOf(samples.bare);
    const over = (values: number[], base: number[]) => values.map((v, i) => v - base[i]);
    return {
      "cold.session-checker.public": await attempt(() =>
        scriptCpuOverBare(samples.publicPath, samples.bare),
      ),
      // The first GetItem's own cost: a look-up run over a public-path run,
      // against a bare-request run over a bare run.
      "cold.session-checker.get-item": await attempt(() => {
        const getItem = over(scriptCpuOf(samples.lookUp), scriptCpuOf(samples.publicPath));
        const request = over(scriptCpuOf(samples.request), bare());
        return {
          ...pairedDifferenceWithSpread(getItem, request),
          baseline: {
            label: "one bare request to the endpoint",
            value: median(request),
            unit: "ms",
          },
        };
      }),
      "cold.session-checker.get-item.floor": await attempt(() => {
        const request = scriptCpuOf(samples.request);
        return {
          ...pairedDifferenceWithSpread(
            scriptCpuOf(samples.signedFile),
            scriptCpuOf(samples.unsignedFile),
          ),
          baseline: {
            label: "one bare request to the endpoint",
            value: median(over(request, bare())),
            unit: "ms",
          },
        };
      }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await dynamo.close();
  }
}
