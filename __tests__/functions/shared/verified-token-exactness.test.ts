// A cache hit never accepts a token that differs from a verified one in any
// character. Entries are found by the token's end (its signature's last 43
// characters), which alone would not be exact: a token keeping a verified
// token's signature beside another header or payload must still be a miss,
// and refused by the verifier in full.
import fc from "fast-check";
import {
  createAccessTokenVerifier,
  type VerifyOutcome,
} from "../../../functions/shared/access-token-verifier";
import { VerifiedTokenCache } from "../../../functions/shared/verified-token-cache";
import { bearerConfig, primaryKey } from "../../support/bearer-jwt-harness";
import { accessTokenClaims, b64url, signRs256, TEST_SUB } from "../../support/jwt-fixtures";

const NOW = 1_800_000_000;
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const segment = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...B64URL), minLength: min, maxLength: max });
const tokenShape = fc
  .tuple(segment(1, 60), segment(1, 200), segment(43, 120))
  .map((parts) => parts.join("."));

/** `token` changed in one way: one character anywhere, or one part swapped, dropped or added. */
const variantOf = (token: string) =>
  fc.oneof(
    fc
      .tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom(...`${B64URL}.=~+/ `))
      .map(([at, c]) => `${token.slice(0, at)}${c}${token.slice(at + 1)}`),
    fc.nat({ max: token.length - 1 }).map((at) => token.slice(0, at) + token.slice(at + 1)),
    segment(1, 3).map((extra) => `${extra}${token}`),
    segment(1, 60).map((header) => `${header}${token.slice(token.indexOf("."))}`),
    segment(1, 200).map((payload) => {
      const [header, , signature] = token.split(".");
      return `${header}.${payload}.${signature}`;
    }),
    fc.constant(`${token} `),
    fc.constant(token.slice(token.indexOf(".") + 1)),
  );

describe("VerifiedTokenCache answers only for the token it stored", () => {
  it("misses every token that differs, in any character, from a stored one", () => {
    fc.assert(
      fc.property(
        tokenShape.chain((token) => fc.tuple(fc.constant(token), variantOf(token))),
        ([token, other]) => {
          fc.pre(other !== token);
          const cache = new VerifiedTokenCache<string>(10, 0);
          cache.set(token, { value: "verified", exp: NOW + 600 });
          expect(cache.get(other, NOW)).toBeUndefined();
          expect(cache.get(token, NOW)).toBe("verified");
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("keeps answering exactly when another token with the same end replaces an entry", () => {
    const cache = new VerifiedTokenCache<string>(10, 0);
    const end = "s".repeat(43);
    cache.set(`a.b.${end}`, { value: "first", exp: NOW + 600 });
    cache.set(`c.d.${end}`, { value: "second", exp: NOW + 600 });
    expect(cache.get(`a.b.${end}`, NOW)).toBeUndefined();
    expect(cache.get(`c.d.${end}`, NOW)).toBe("second");
  });
});

describe("the verifier never takes a verified token's signature for another token", () => {
  const issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Exact0001";
  const key = primaryKey();
  const verify = (t: string) =>
    createAccessTokenVerifier(
      bearerConfig({ issuer, jwksUri: `${issuer}/.well-known/jwks.json` }, key),
    )(t) as VerifyOutcome;

  it("refuses the other token once its own has been accepted and cached", () => {
    const verifier = createAccessTokenVerifier(
      bearerConfig({ issuer, jwksUri: `${issuer}/.well-known/jwks.json` }, key),
    );
    const good = signRs256(key, accessTokenClaims(issuer));
    const [header, , signature] = good.split(".");
    const accepted = verifier(good) as VerifyOutcome;
    expect(accepted.ok && accepted.claims.sub).toBe(TEST_SUB);
    // Same signature, another user's payload; then the same payload re-encoded.
    const otherUser = b64url(JSON.stringify(accessTokenClaims(issuer, { sub: "someone-else" })));
    const forged = [`${header}.${otherUser}.${signature}`, `${header}.${otherUser}=.${signature}`];
    for (const token of forged) {
      expect(verifier(token)).toMatchObject({ ok: false, status: 401 });
      // The same answer as a verifier that never saw the good token.
      expect(verifier(token)).toEqual(verify(token));
    }
    expect((verifier(good) as VerifyOutcome).ok).toBe(true);
  });
});
