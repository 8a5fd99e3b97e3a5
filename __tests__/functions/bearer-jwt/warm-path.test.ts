// The work a warm request costs, held where a test can see it: the header
// map is walked once after validation (not once per header asked for), a
// token judged from the cache or by a synchronous verify settles without a
// promise in the gate, tokens sharing a header share its parse, and a
// token's characters are scanned once, by the verifier.
import * as crypto from "node:crypto";
import type { CloudFrontHeaders, CloudFrontResultResponse } from "aws-lambda";
import { gateRequest } from "../../../functions/bearer-jwt/gate";
import { parseConfig } from "../../../functions/bearer-jwt/parse-config";
import {
  createAccessTokenVerifier,
  decomposeToken,
} from "../../../functions/shared/access-token-verifier";
import { bearerConfig, primaryKey } from "../../support/bearer-jwt-harness";
import { accessTokenClaims, b64url, signRs256, TEST_SUB } from "../../support/jwt-fixtures";
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

describe("one syntax scan, in the verifier", () => {
  /** A token with a padded header, signed as it stands: only its syntax is wrong. */
  function paddedHeaderToken(): string {
    const [header, payload] = token().split(".");
    const input = `${header}=.${payload}`;
    return `${input}.${b64url(crypto.sign("RSA-SHA256", Buffer.from(input), key.privateKey))}`;
  }

  it("refuses, as malformed, a token that is not an RFC 6750 b64token, even one signed as it stands", () => {
    const verify = createAccessTokenVerifier(config);
    expect(verify.checksB64token).toBe(true);
    expect(verify(token())).toMatchObject({ ok: true });
    for (const t of [paddedHeaderToken(), `${token()}~`, `${token()}=`.replace(".", "+.")]) {
      expect(verify(t)).toEqual({
        ok: false,
        status: 401,
        description: "The access token is malformed",
      });
    }
  });

  it("the gate answers credentials that are not one b64token as it did when it scanned them itself", () => {
    const verify = createAccessTokenVerifier(config);
    for (const t of [paddedHeaderToken(), "a=b", "a,", "é", "a b"]) {
      const event = viewerRequestEvent({
        uri: `/users/${TEST_SUB}/a.txt`,
        headers: [["Authorization", `Bearer ${t}`]],
      });
      const result = gateRequest(event, config, verify) as CloudFrontResultResponse;
      expect(result.status).toBe("401");
      expect(result.headers?.["www-authenticate"]?.[0].value).toContain(
        'error="invalid_token", error_description="The access token is malformed"',
      );
    }
  });
});
