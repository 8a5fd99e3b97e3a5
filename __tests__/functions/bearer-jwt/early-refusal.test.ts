// A token whose own claims already refuse it (expired, not yet valid, another
// issuer or app client, an id token, no exp or sub) is refused before any
// signature work: no RSA verification and no JWKS fetch for an unknown kid.
// The refusal and its 401 description are those a full verification gives;
// a token whose claims pass is still verified by aws-jwt-verify. The claims
// are read once, exactly as the library reads them (differential test).
import fc from "fast-check";
import { decomposeUnverifiedJwt } from "aws-jwt-verify/jwt";
import type { JwtHeader } from "aws-jwt-verify/jwt-model";
import {
  decomposeToken,
  refusalBeforeSignature,
  type ClaimRules,
} from "../../../functions/shared/access-token-verifier";
import {
  bearerConfig,
  handlerFor,
  startHarness,
  type Harness,
} from "../../support/bearer-jwt-harness";
import {
  accessTokenClaims,
  b64url,
  CLIENT_ID,
  generateSigningKey,
  nowSeconds,
  signRs256,
  TEST_SUB,
  unsignedJwt,
} from "../../support/jwt-fixtures";
import { FORGERIES } from "../../support/forged-tokens";
import { startJwksServer } from "../../support/jwks-server";
import { answered, bearer, header, passed, viewerRequestEvent } from "../../support/viewer-request";

// The library reaches node:crypto through the module object itself, so a
// call-through spy on that object sees every signature it checks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import nodeCrypto = require("node:crypto");

const HOUR = 3600;
const OWN_FILE = `/users/${TEST_SUB}/report.pdf`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

let signatureChecks: () => number;
beforeEach(() => {
  const createVerify = jest.spyOn(nodeCrypto, "createVerify");
  const verify = jest.spyOn(nodeCrypto, "verify");
  signatureChecks = () => createVerify.mock.calls.length + verify.mock.calls.length;
});
afterEach(() => jest.restoreAllMocks());

const withToken = (token: string) =>
  viewerRequestEvent({ uri: OWN_FILE, headers: [bearer(token)] });

const description = (result: Awaited<ReturnType<Harness["handle"]>>) => {
  const response = answered(result);
  expect(response.status).toBe("401");
  return /error_description="([^"]*)"/.exec(header(response, "www-authenticate") ?? "")?.[1];
};

describe("refused on their claims, before any signature work", () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      "an expired token",
      { exp: nowSeconds() - HOUR, iat: nowSeconds() - 2 * HOUR },
      "The access token expired",
    ],
    [
      "a token not valid yet (nbf)",
      { nbf: nowSeconds() + HOUR },
      "The access token is not valid yet",
    ],
    [
      "a token of another issuer",
      { iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other" },
      "The access token is invalid",
    ],
    [
      "a token of an app client that is not allowed",
      { client_id: "someone-elses-client" },
      "The access token is invalid",
    ],
    [
      "an id token",
      { token_use: "id", aud: CLIENT_ID, client_id: undefined },
      "The access token is invalid",
    ],
    ["a token without exp", { exp: undefined }, "The access token is invalid"],
    ["a token without sub", { sub: undefined }, "The access token is invalid"],
    [
      "a token issued in the future (iat)",
      { iat: nowSeconds() + HOUR },
      "The access token is invalid",
    ],
  ])("%s", async (_name, claims, expected) => {
    expect(description(await h.handle(withToken(h.token(claims))))).toBe(expected);
    expect(signatureChecks()).toBe(0);
  });

  it("an unsigned token (alg none; its empty signature part is malformed)", async () => {
    const token = unsignedJwt(h.key, accessTokenClaims(h.server.issuer));
    expect(description(await h.handle(withToken(token)))).toBe("The access token is malformed");
    expect(signatureChecks()).toBe(0);
  });

  it("an expired token with a broken signature is refused as expired", async () => {
    const [head, payload] = h.token({ exp: nowSeconds() - HOUR }).split(".");
    const token = `${head}.${payload}.${b64url("not a signature")}`;
    expect(description(await h.handle(withToken(token)))).toBe("The access token expired");
    expect(signatureChecks()).toBe(0);
  });

  it("an expired token naming an unknown kid, without fetching the JWKS", async () => {
    const server = await startJwksServer({ kind: "serve", jwks: { keys: [h.key.jwk] } });
    try {
      const handle = handlerFor(bearerConfig(server, h.key));
      const rotated = generateSigningKey("rotated-key");
      const claims = accessTokenClaims(server.issuer, { exp: nowSeconds() - HOUR });
      expect(description(await handle(withToken(signRs256(rotated, claims))))).toBe(
        "The access token expired",
      );
      expect(server.requests()).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe("verified by the library once the claims pass", () => {
  it("checks the signature of a valid token once, and passes it", async () => {
    passed(await h.handle(withToken(h.token())));
    expect(signatureChecks()).toBe(1);
  });

  it("refuses a token whose claims pass but whose signature does not", async () => {
    const [head, payload, signature] = h.token().split(".");
    const bytes = Buffer.from(signature, "base64url");
    bytes[bytes.length - 1] ^= 0xff;
    const token = `${head}.${payload}.${b64url(bytes)}`;
    expect(description(await h.handle(withToken(token)))).toBe("The access token is invalid");
    expect(signatureChecks()).toBe(1);
  });

  it("refuses a token sharing a verified token's signature but not its payload", async () => {
    const genuine = h.token();
    passed(await h.handle(withToken(genuine)));
    const [head, , signature] = genuine.split(".");
    const payload = b64url(JSON.stringify(accessTokenClaims(h.server.issuer, { sub: "admin" })));
    const forged = `${head}.${payload}.${signature}`;
    expect(description(await h.handle(withToken(forged)))).toBe("The access token is invalid");
  });
});

describe("refusalBeforeSignature", () => {
  const NOW = 1_800_000_000;
  const rules: ClaimRules = {
    issuer: "https://issuer.example",
    clientIds: [CLIENT_ID],
    clockSkewSeconds: 30,
  };
  const header = { alg: "RS256", kid: "k" };
  const payload = (overrides: Record<string, unknown> = {}) =>
    JSON.parse(
      JSON.stringify({ ...accessTokenClaims(rules.issuer), iat: NOW, exp: NOW + 60, ...overrides }),
    );

  it("accepts nothing: it answers a refusal or null, never a verdict for the token", () => {
    expect(refusalBeforeSignature(header, payload(), rules, NOW)).toBeNull();
  });

  it("refuses exp only past the clock skew, as the library does (exp + skew < now)", () => {
    const at = (now: number) => refusalBeforeSignature(header, payload(), rules, now);
    expect(at(NOW + 90)).toBeNull();
    expect(at(NOW + 90.001)?.description).toBe("The access token expired");
  });

  it("refuses nbf only before the clock skew (nbf - skew > now)", () => {
    const at = (now: number) =>
      refusalBeforeSignature(header, payload({ nbf: NOW + 100 }), rules, now);
    expect(at(NOW + 70)).toBeNull();
    expect(at(NOW + 69.999)?.description).toBe("The access token is not valid yet");
  });

  it("refuses another algorithm, a crit header or a missing kid as invalid", () => {
    const headers: JwtHeader[] = [
      { alg: "RS384", kid: "k" },
      { alg: "RS256", kid: "k", crit: ["b64"] },
      { alg: "RS256" },
    ];
    for (const bad of headers) {
      expect(refusalBeforeSignature(bad, payload(), rules, NOW)?.description).toBe(
        "The access token is invalid",
      );
    }
  });

  it("refuses a sub that is empty, too long or not header-safe", () => {
    for (const sub of ["", "a".repeat(1025), "alice\r\nx-admin: 1", 42]) {
      expect(refusalBeforeSignature(header, payload({ sub }), rules, NOW)?.status).toBe(401);
    }
  });
});

describe("decomposeToken reads a token as aws-jwt-verify's decomposeUnverifiedJwt does", () => {
  /** The library's reading: the decomposed token, or null where it throws. */
  const library = (token: string) => {
    try {
      return decomposeUnverifiedJwt(token);
    } catch {
      return null;
    }
  };
  const agrees = (token: string) => expect(decomposeToken(token)).toEqual(library(token));
  const segment = (json: string) => b64url(json);

  it("on genuine and forged tokens", () => {
    agrees(h.token());
    for (const { forge } of FORGERIES) agrees(forge({ key: h.key, issuer: h.server.issuer }));
  });

  it("on prototype keys, which both drop at every depth", () => {
    const payload = '{"sub":"a","__proto__":{"admin":true},"x":[{"constructor":1,"y":2}]}';
    const token = `${segment('{"alg":"RS256","kid":"k"}')}.${segment(payload)}.c2ln`;
    agrees(token);
    expect(decomposeToken(token)?.payload).toEqual({ sub: "a", x: [{ y: 2 }] });
  });

  it("on claims of the wrong type, padding and stray characters", () => {
    const head = segment('{"alg":"RS256","kid":"k"}');
    for (const claims of ['{"exp":"1"}', '{"iss":1}', '{"aud":[1]}', '{"nbf":null}', "[1]", "1"]) {
      agrees(`${head}.${segment(claims)}.c2ln`);
    }
    for (const token of [`${head}.e30=.c2ln`, `${head}.e30==.c2ln`, `${head}.e30===.c2ln`]) {
      agrees(token);
    }
    for (const token of ["", ".", "..", `${head}.e30`, `${head}.e30.c2ln.`, `${head}.e3+0.c2ln`]) {
      agrees(token);
    }
  });

  it("on long segments, one after another: what a longer one decoded does not leak into the next", () => {
    const head = segment('{"alg":"RS256","kid":"k"}');
    // Up to and past the 8 KB a credential may have, and non-ASCII text.
    for (const length of [6000, 6141, 6200, 20_000, 3, 0]) {
      const claims = JSON.stringify({ sub: "é".repeat(2), pad: "x".repeat(length) });
      agrees(`${head}.${segment(claims)}.c2ln`);
    }
    agrees(`${head}.${segment('{"sub":"a"}')}.c2ln`);
  });

  it("on arbitrary tokens and arbitrary JSON", () => {
    const part = fc.oneof(
      fc.string({ unit: fc.constantFrom(..."AZaz09-_=+/.~ ") }),
      fc.json().map(segment),
      fc.jsonValue().map((v) => segment(JSON.stringify(v) ?? "null")),
    );
    fc.assert(
      fc.property(part, part, part, (a, b, c) => {
        agrees(`${a}.${b}.${c}`);
        agrees(`${a}${b}`);
      }),
      { numRuns: 500 },
    );
  });
});
