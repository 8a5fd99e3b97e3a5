// Bearer-JWT benchmark section: handler warm time per request next to one
// bare RS256 crypto.verify of the same token, and the bundle's cold init.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JwtVerifier } from "aws-jwt-verify";
import { createHandler } from "../../functions/bearer-jwt/handler";
import type { BearerJwtConfig } from "../../functions/bearer-jwt/config";
import { bundle } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { BEARER_JWT_ENTRY } from "../../stacks/protection/bearer-jwt";
import {
  accessTokenClaims,
  CLIENT_ID,
  generateSigningKey,
  signRs256,
  TEST_SUB,
} from "../../__tests__/support/jwt-fixtures";
import { kb, median, timeProcess, zipSize } from "./measure";

const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Bench0001";

const key = generateSigningKey("bench-key");
const config: BearerJwtConfig = {
  issuer: ISSUER,
  jwksUri: `${ISSUER}/.well-known/jwks.json`,
  jwks: { keys: [key.jwk] },
  clientIds: [CLIENT_ID],
  clockSkewSeconds: 30,
  jwksFetchTimeoutMs: 1500,
  tokenQueryParameter: "access_token",
  loginUrl: null,
  corsAllowedOrigins: ["https://app.example.com"],
  identityHeader: "x-gate-sub",
  realm: "bench",
  rules: {
    publicPrefixes: ["/public/"],
    groupPrefixes: [{ group: "staff", prefix: "/shared/" }],
    userPrefixes: ["/users/{sub}/"],
  },
};
const token = signRs256(key, accessTokenClaims(ISSUER));
const event = {
  Records: [
    {
      cf: {
        config: { eventType: "viewer-request", distributionId: "EBENCH", requestId: "r" },
        request: {
          clientIp: "203.0.113.7",
          method: "GET",
          uri: `/users/${TEST_SUB}/report.pdf`,
          querystring: "",
          headers: {
            host: [{ key: "Host", value: "d111111abcdef8.cloudfront.net" }],
            authorization: [{ key: "Authorization", value: `Bearer ${token}` }],
            accept: [{ key: "Accept", value: "application/pdf" }],
          },
        },
      },
    },
  ],
};

/** Bundle size of the bearer function, alone and with a one-key config.json. */
export function bearerBundleSize(): void {
  const code = bundle(BEARER_JWT_ENTRY, EDGE_RUNTIME, { edge: true });
  const alone = zipSize({ "index.js": code });
  const withConfig = zipSize({ "index.js": code, "config.json": JSON.stringify(config) });
  console.log(
    `  bearer-jwt: ${kb(Buffer.byteLength(code))} raw, ${kb(alone)} zipped (${kb(withConfig)} with a one-key config.json)`,
  );
}

function eventWith(bearerToken: string) {
  const e = structuredClone(event);
  e.Records[0].cf.request.headers.authorization[0].value = `Bearer ${bearerToken}`;
  return e;
}

async function timeHandler(
  handle: ReturnType<typeof createHandler>,
  events: ReturnType<typeof eventWith>[],
): Promise<number> {
  const t = process.hrtime.bigint();
  for (const e of events) await handle(e);
  return Number(process.hrtime.bigint() - t) / events.length / 1000;
}

export async function benchBearerWarm(): Promise<void> {
  const handle = createHandler(config);
  const result = (await handle(structuredClone(event))) as { uri?: string; status?: string };
  if (result.uri === undefined)
    throw new Error(`bench token was denied: ${JSON.stringify(result)}`);

  const [input, signature] = [token.slice(0, token.lastIndexOf(".")), token.split(".")[2]];
  const signatureBytes = Buffer.from(signature, "base64url");
  const bareVerify = () => {
    if (!crypto.verify("RSA-SHA256", Buffer.from(input), key.publicKey, signatureBytes)) {
      throw new Error("bare verify failed");
    }
  };

  // The library alone, same token, no handler around it: where the overhead over a bare verify lies.
  const library = JwtVerifier.create({ issuer: ISSUER, audience: null, jwksUri: config.jwksUri });
  library.cacheJwks(config.jwks as Parameters<typeof library.cacheJwks>[0]);
  const libraryVerify = () => library.verifySync(token);

  const rounds = 7;
  const perRound = 1000;
  const libraryTimes: number[] = [];
  const distinct: number[] = [];
  const repeated: number[] = [];
  const verifyTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) bareVerify();
    verifyTimes.push(Number(process.hrtime.bigint() - t) / perRound / 1000);
    const l = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) libraryVerify();
    libraryTimes.push(Number(process.hrtime.bigint() - l) / perRound / 1000);
    // Fresh tokens (each one verified: the cache cannot help) ...
    const fresh = Array.from({ length: perRound }, () =>
      eventWith(signRs256(key, accessTokenClaims(ISSUER))),
    );
    distinct.push(await timeHandler(handle, fresh));
    // ... and one token again and again, as the images of one page send it.
    repeated.push(
      await timeHandler(
        handle,
        Array.from({ length: perRound }, () => eventWith(token)),
      ),
    );
  }
  const verifyUs = median(verifyTimes);
  const line = (label: string, us: number) =>
    console.log(`  ${label}${us.toFixed(1)} µs/request, ratio ${(us / verifyUs).toFixed(2)}`);
  console.log(
    `Bearer handler, warm, JWKS preloaded (median of ${rounds} rounds x ${perRound} requests):`,
  );
  console.log(`  bare RS256 verify (crypto.verify of the same token): ${verifyUs.toFixed(1)} µs`);
  line("aws-jwt-verify verifySync alone, same token:          ", median(libraryTimes));
  line("handler, a new token each request (full verify):      ", median(distinct));
  line("handler, the same token again (verified-token cache): ", median(repeated));
  console.log("  (target: ratio <= 1.5)");
}

export function benchBearerCold(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bench-"));
  try {
    fs.writeFileSync(
      path.join(dir, "index.js"),
      bundle(BEARER_JWT_ENTRY, EDGE_RUNTIME, { edge: true }),
    );
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
    fs.writeFileSync(path.join(dir, "event.json"), JSON.stringify(event));
    const first = `const e=JSON.parse(require("fs").readFileSync("event.json","utf8"));require("./index.js").handler(e).then(r=>{if(!r.uri)process.exit(3)})`;
    const runs = 15;
    const bare: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(timeProcess(["-e", ""], dir));
      cold.push(timeProcess(["-e", first], dir));
    }
    console.log(`Cold init of the bearer bundle (median of ${runs} processes):`);
    console.log(`  node -e '':                          ${median(bare).toFixed(1)} ms`);
    console.log(`  require + config read + first verify: ${median(cold).toFixed(1)} ms`);
    console.log(
      `  difference:                          ${(median(cold) - median(bare)).toFixed(1)} ms (target <= 10)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
