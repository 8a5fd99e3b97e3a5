// Where the Cognito hosted UI is and which app client logs in through it:
// the settings every hosted-UI login (session manager, cookie issuer) needs.

export interface HostedUiSettings {
  /** Hosted-UI base URL: https://<prefix>.auth.<region>.amazoncognito.com (a loopback stand-in in tests). */
  baseUrl: string;
  /** Public app client (no secret: PKCE instead) with the authorization-code flow. */
  clientId: string;
  /** OAuth2 scopes requested; must include "openid" (the ID token names the user). */
  scopes: string[];
  /** ID-token issuer: https://cognito-idp.<region>.amazonaws.com/<user pool id>. */
  issuer: string;
  /** The issuer's JWKS URL. */
  jwksUri: string;
}
