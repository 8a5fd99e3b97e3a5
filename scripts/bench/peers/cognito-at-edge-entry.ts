// cognito-at-edge 1.5.5 as its README deploys it: a viewer-request handler
// that hands every event to Authenticator.handle. Its config is read from
// config.json, as edge-gate's is. The package has no way to preload a JWKS;
// its verifier (aws-jwt-verify's, a private field) is given the one the
// other contenders get, so no request of the bench fetches one.
import { readFileSync } from "node:fs";
import { Authenticator } from "cognito-at-edge";

interface EntryConfig {
  authenticator: ConstructorParameters<typeof Authenticator>[0];
  jwks: { keys: object[] };
}

const config = JSON.parse(readFileSync(`${__dirname}/config.json`, "utf8")) as EntryConfig;
const authenticator = new Authenticator(config.authenticator);
(
  authenticator as unknown as { _jwtVerifier: { cacheJwks(jwks: object): void } }
)._jwtVerifier.cacheJwks(config.jwks);

export const handler = (event: Parameters<Authenticator["handle"]>[0]) =>
  authenticator.handle(event);
