// The floor of the bearer function's new-token figure: the least a bearer
// check that keeps aws-jwt-verify as its verifier, as the issue requires,
// must do for a token it has not seen. It reads the token's header and
// payload (base64url, then JSON) and has the library check the decomposed
// token (its key, algorithm, signature, exp and nbf), through the entry point
// the library keeps for that, JwtVerifierBase's protected
// verifyDecomposedJwtSync. Nothing else: no event, no claim rules, no
// memory of tokens. The bench bundles it as the edge bundles bundle the
// library (their platform layer too), so it runs the same library code as
// the shipped function.
import type { Jwks } from "aws-jwt-verify/jwk";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { JwtVerifierBase } from "aws-jwt-verify/jwt-verifier";

type Props = { issuer: null; audience: null; jwksUri: string; graceSeconds: number };

export interface FloorSettings {
  jwksUri: string;
  jwks: { keys: object[] };
  clockSkewSeconds: number;
}

const decoded = (segment: string): unknown =>
  JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));

class DecomposedTokenVerifier extends JwtVerifierBase<Props, Props, false> {
  constructor(private readonly props: Props) {
    super(props);
  }

  /** The token's payload if the library accepts it; throws what the library throws otherwise. */
  verifyToken(token: string): JwtPayload {
    const first = token.indexOf(".");
    const second = token.indexOf(".", first + 1);
    const headerB64 = token.slice(0, first);
    const payloadB64 = token.slice(first + 1, second);
    const jwt = {
      header: decoded(headerB64),
      headerB64,
      payload: decoded(payloadB64),
      payloadB64,
      signatureB64: token.slice(second + 1),
    } as Parameters<typeof this.verifyDecomposedJwtSync>[0];
    return this.verifyDecomposedJwtSync(jwt, this.props.jwksUri, this.props);
  }
}

/** A check of new tokens that does no more than the library needs, with the JWKS preloaded. */
export function createNewTokenFloor(settings: FloorSettings): (token: string) => JwtPayload {
  const verifier = new DecomposedTokenVerifier({
    issuer: null,
    audience: null,
    jwksUri: settings.jwksUri,
    graceSeconds: settings.clockSkewSeconds,
  });
  verifier.cacheJwks(settings.jwks as Jwks);
  return (token) => verifier.verifyToken(token);
}
