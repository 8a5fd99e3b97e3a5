// A token whose signature the verifier found bad is remembered on the warm
// instance: a page that keeps sending it (each of its images) costs one RSA
// check, not one per request. It changes no answer: the remembered refusal
// is given only where the signature check would run, after the claims, so
// a remembered token that has since expired is answered "expired", as by a
// verifier that never saw it. And forged tokens, however many, never push
// accepted ones out of the cache of verified tokens.
import fc from "fast-check";
import {
  createAccessTokenVerifier,
  type VerifyOutcome,
} from "../../../functions/shared/access-token-verifier";
import { bearerConfig, primaryKey } from "../../support/bearer-jwt-harness";
import { accessTokenClaims, b64url, signRs256 } from "../../support/jwt-fixtures";

const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Refused01";
const key = primaryKey();
const config = bearerConfig({ issuer: ISSUER, jwksUri: `${ISSUER}/.well-known/jwks.json` }, key);
const START = Math.floor(Date.now() / 1000);

/** A token for `claims`, its signature's last byte flipped: only the RSA check can tell. */
function badlySigned(claims: Record<string, unknown> = {}): string {
  const good = signRs256(key, accessTokenClaims(ISSUER, claims));
  const dot = good.lastIndexOf(".");
  const signature = Buffer.from(good.slice(dot + 1), "base64url");
  signature[signature.length - 1] ^= 0xff;
  return `${good.slice(0, dot + 1)}${signature.toString("base64url")}`;
}

// The module object itself, which the library calls through (an ES namespace
// import would be a frozen copy that a spy cannot wrap).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = require("node:crypto") as typeof import("node:crypto");

/** Signature checks made through node:crypto while `run` runs (the library's and the edge layer's). */
function signatureChecks(run: () => void): number {
  const createVerify = jest.spyOn(crypto, "createVerify");
  const verify = jest.spyOn(crypto, "verify");
  try {
    run();
    return createVerify.mock.calls.length + verify.mock.calls.length;
  } finally {
    createVerify.mockRestore();
    verify.mockRestore();
  }
}

/** Date.now() at `seconds` past START while `run` runs. */
function at<T>(seconds: number, run: () => T): T {
  const now = jest.spyOn(Date, "now").mockReturnValue((START + seconds) * 1000);
  try {
    return run();
  } finally {
    now.mockRestore();
  }
}

const INVALID = { ok: false, status: 401, description: "The access token is invalid" };

describe("a token refused for its signature", () => {
  it("is refused again without another signature check", () => {
    const verify = createAccessTokenVerifier(config);
    const bad = badlySigned();
    expect(signatureChecks(() => expect(verify(bad)).toEqual(INVALID))).toBe(1);
    expect(signatureChecks(() => expect(verify(bad)).toEqual(INVALID))).toBe(0);
  });

  it("is answered 'expired' once it has expired, as by a verifier that never saw it", () => {
    const verify = createAccessTokenVerifier(config);
    const bad = at(0, () => badlySigned({ exp: START + 60 }));
    expect(at(0, () => verify(bad))).toEqual(INVALID);
    const later = at(3600, () => verify(bad));
    expect(later).toEqual(at(3600, () => createAccessTokenVerifier(config)(bad)));
    expect(later).toMatchObject({ description: "The access token expired" });
  });

  it("leaves every other token to the signature check, however close to it", () => {
    const verify = createAccessTokenVerifier(config);
    const bad = badlySigned();
    verify(bad);
    const good = signRs256(key, accessTokenClaims(ISSUER));
    expect(signatureChecks(() => expect((verify(good) as VerifyOutcome).ok).toBe(true))).toBe(1);
    // The same header and payload with another bad signature: checked, and refused.
    const other = `${bad.slice(0, bad.lastIndexOf(".") + 1)}${"A".repeat(342)}`;
    expect(signatureChecks(() => expect(verify(other)).toEqual(INVALID))).toBe(1);
  });

  it("never pushes an accepted token out of the verified-token cache", () => {
    const verify = createAccessTokenVerifier(config);
    const good = signRs256(key, accessTokenClaims(ISSUER));
    expect((verify(good) as VerifyOutcome).ok).toBe(true);
    // Far more forgeries than either cache holds: good claims, made-up signatures.
    const header = good.slice(0, good.indexOf("."));
    for (let i = 0; i < 1500; i++) {
      const payload = b64url(JSON.stringify(accessTokenClaims(ISSUER, { jti: `forged-${i}` })));
      const signature = b64url(crypto.randomBytes(256));
      expect(verify(`${header}.${payload}.${signature}`)).toEqual(INVALID);
    }
    expect(signatureChecks(() => expect((verify(good) as VerifyOutcome).ok).toBe(true))).toBe(0);
  });

  it("gets, in any order of requests and times, the answers a fresh verifier gives", () => {
    const tokens = at(0, () => [
      badlySigned(),
      badlySigned({ exp: START + 120 }),
      badlySigned({ client_id: "someone-else" }),
      badlySigned({ nbf: START + 90 }),
      signRs256(key, accessTokenClaims(ISSUER, { exp: START + 200 })),
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: tokens.length - 1 }), fc.nat({ max: 60 })), {
          minLength: 1,
          maxLength: 12,
        }),
        (requests) => {
          const verify = createAccessTokenVerifier(config);
          let seconds = 0;
          for (const [which, wait] of requests) {
            seconds += wait;
            const token = tokens[which];
            const answer = at(seconds, () => verify(token));
            expect(answer).toEqual(at(seconds, () => createAccessTokenVerifier(config)(token)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
