// The work a warm request costs, held where a test can see it: the header
// map is walked once after validation (not once per header asked for), a
// token judged from the cache or by a synchronous verify settles without a
// promise in the gate, and tokens sharing a header share its parse.
import type { CloudFrontHeaders } from "aws-lambda";
import { gateRequest } from "../../../functions/bearer-jwt/gate";
import { parseConfig } from "../../../functions/bearer-jwt/parse-config";
import {
  createAccessTokenVerifier,
  decomposeToken,
} from "../../../functions/shared/access-token-verifier";
import { bearerConfig, primaryKey } from "../../support/bearer-jwt-harness";
import { accessTokenClaims, signRs256, TEST_SUB } from "../../support/jwt-fixtures";
import { bearer, viewerRequestEvent } from "../../support/viewer-request";

const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Warm00001";
const server = { issuer: ISSUER, jwksUri: `${ISSUER}/.well-known/jwks.json` };
const key = primaryKey();
const parsed = parseConfig(bearerConfig(server, key, { loginUrl: null }));
if (!parsed.ok) throw new Error(`config: ${parsed.problems.join(", ")}`);
const config = parsed.config;
const token = (claims: Record<string, unknown> = {}) =>
  signRs256(key, accessTokenClaims(ISSUER, claims));

/** The event's header map behind a proxy that counts full walks (own-key listings). */
function countingWalks(event: ReturnType<typeof viewerRequestEvent>) {
  const request = event.Records[0].cf.request;
  let walks = 0;
  request.headers = new Proxy(request.headers, {
    ownKeys(target) {
      walks++;
      return Reflect.ownKeys(target);
    },
  }) as CloudFrontHeaders;
  return () => walks;
}

const browserHeaders = (t: string): [string, string][] => [
  bearer(t),
  ["Origin", "https://app.example.com"],
  ["Accept", "text/html"],
  ["Sec-Fetch-Mode", "cors"],
  ["User-Agent", "test"],
  ["X-Auth-Sub", "forged"],
];

describe("one walk over the headers", () => {
  const verify = createAccessTokenVerifier(config);

  it("a passed request: validation, then one pass for credentials, identity and Origin", async () => {
    const event = viewerRequestEvent({
      uri: `/users/${TEST_SUB}/a.txt`,
      headers: browserHeaders(token()),
    });
    const walks = countingWalks(event);
    const result = (await gateRequest(event, config, verify)) as { headers: CloudFrontHeaders };
    expect(result.headers["x-auth-sub"]).toEqual([{ key: "X-Auth-Sub", value: TEST_SUB }]);
    expect(result.headers.authorization).toBeUndefined();
    expect(walks()).toBeLessThanOrEqual(2);
  });

  it("a refused token: the same, the answer built without walking again", async () => {
    const expired = token({ exp: Math.floor(Date.now() / 1000) - 3600 });
    const event = viewerRequestEvent({
      uri: `/users/${TEST_SUB}/a.txt`,
      headers: browserHeaders(expired),
    });
    const walks = countingWalks(event);
    const result = (await gateRequest(event, config, verify)) as { status: string };
    expect(result.status).toBe("401");
    // isNavigation reads Sec-Fetch-Mode for the 401/307 choice: one more walk at most.
    expect(walks()).toBeLessThanOrEqual(3);
  });
});

describe("no promise on a synchronous verdict", () => {
  const verify = createAccessTokenVerifier(config);
  const event = (t: string) =>
    viewerRequestEvent({ uri: `/users/${TEST_SUB}/a.txt`, headers: [bearer(t)] });

  it("answers a preloaded-key token, a cached one and a refused one without a promise", () => {
    const good = token();
    for (const t of [good, good, token({ client_id: "other" }), "not-a-jwt"]) {
      const result = gateRequest(event(t), config, verify);
      expect(result).not.toBeInstanceOf(Promise);
    }
  });
});

describe("header parses are shared", () => {
  it("gives tokens with the same header text the same parsed header", () => {
    const a = decomposeToken(token());
    const b = decomposeToken(token());
    expect(a?.header).toEqual({ alg: "RS256", kid: key.jwk.kid, typ: "JWT" });
    expect(b?.header).toBe(a?.header);
    expect(Object.isFrozen(a?.header)).toBe(true);
  });
});

describe("a repeated token skips the syntax scan", () => {
  it("is known to the verifier once accepted, and only while it is valid", () => {
    jest.useFakeTimers({ now: Date.now() });
    try {
      const verify = createAccessTokenVerifier(config);
      const good = token();
      const refused = token({ client_id: "other" });
      expect(verify.isAccepted?.(good)).toBe(false);
      verify(good);
      verify(refused);
      expect(verify.isAccepted?.(good)).toBe(true);
      expect(verify.isAccepted?.(refused)).toBe(false);
      expect(verify.isAccepted?.(`${good}x`)).toBe(false);
      // Past its expiry (plus the skew) it is judged afresh, scan included.
      jest.advanceTimersByTime(2 * 3600 * 1000);
      expect(verify.isAccepted?.(good)).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it("the gate asks the verifier, and judges every token as before", () => {
    const verify = createAccessTokenVerifier(config);
    let asked = 0;
    const isAccepted = verify.isAccepted!;
    verify.isAccepted = (candidate) => {
      asked += 1;
      return isAccepted(candidate);
    };
    const good = token();
    const event = () =>
      viewerRequestEvent({ uri: `/users/${TEST_SUB}/a.txt`, headers: [bearer(good)] });
    for (let i = 0; i < 3; i++) {
      const result = gateRequest(event(), config, verify) as { headers: CloudFrontHeaders };
      expect(result.headers["x-auth-sub"]).toEqual([{ key: "X-Auth-Sub", value: TEST_SUB }]);
    }
    expect(asked).toBe(3);
  });
});
