// Cognito access tokens as the stand-in makes them: the claims the token
// endpoint signs, and the check of a request to mint one with a chosen exp
// and iat (control route /_stand-in/access-token). Pure: no keys, no I/O.

/**
 * The claims of a Cognito access token, in Cognito's order: client_id and
 * no aud, token_use "access", cognito:groups only for a user in a group.
 */
export function accessTokenClaims({ user, issuer, clientId, scope, authTime, iat, exp, jti }) {
  return {
    sub: user.sub,
    "cognito:groups": user.groups.length > 0 ? user.groups : undefined,
    iss: issuer,
    version: 2,
    client_id: clientId,
    token_use: "access",
    scope,
    auth_time: authTime,
    exp,
    iat,
    jti,
    username: user.username,
  };
}

const isSeconds = (value) => Number.isSafeInteger(value) && value > 0;

/**
 * What is wrong with a mint request ({ username, clientId, exp, iat }, exp
 * and iat in whole seconds since the epoch), or null. Any exp is allowed,
 * past ones included: that is what the route is for. A token issued after
 * it expires is not one Cognito could have made.
 */
export function mintRequestProblem(request, { usersByName, clientsById }) {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return "the request must be a JSON object";
  }
  const { username, clientId, exp, iat } = request;
  if (typeof username !== "string" || !usersByName.has(username)) return "unknown username";
  if (typeof clientId !== "string" || !clientsById.has(clientId)) return "unknown clientId";
  if (!isSeconds(exp)) return "exp must be whole seconds since the epoch";
  if (!isSeconds(iat)) return "iat must be whole seconds since the epoch";
  if (iat > exp) return "iat must not be after exp";
  return null;
}
