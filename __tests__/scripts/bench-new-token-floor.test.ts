// The new-token floor of the bearer benchmark does the work it stands for:
// bundled as the bench bundles it, it accepts a good token and refuses, as
// the library refuses them, a bad signature, an expired token and a key it
// does not hold. A floor that skipped the signature would be no floor.
import { edgeBundledNewTokenFloor } from "../../scripts/bench/bearer-bundle";
import {
  config,
  ISSUER,
  key,
  newToken,
  withFlippedSignature,
} from "../../scripts/bench/bearer-fixtures";
import {
  accessTokenClaims,
  generateSigningKey,
  nowSeconds,
  signRs256,
  TEST_SUB,
} from "../support/jwt-fixtures";

const floor = edgeBundledNewTokenFloor()(config);

it("accepts a good new token with the library's check", () => {
  expect(floor(newToken())).toMatchObject({ sub: TEST_SUB, iss: ISSUER });
});

it("refuses a bad signature, an expired token and an unknown key", () => {
  // The bundle has its own copies of the library's error classes, minified:
  // told apart by the library's messages.
  expect(() => floor(withFlippedSignature(newToken()))).toThrow("Invalid signature");
  const now = nowSeconds();
  const expired = signRs256(key, accessTokenClaims(ISSUER, { iat: now - 7200, exp: now - 3600 }));
  expect(() => floor(expired)).toThrow("Token expired");
  const stranger = signRs256(generateSigningKey("a-key-nobody-lists"), accessTokenClaims(ISSUER));
  expect(() => floor(stranger)).toThrow();
});
