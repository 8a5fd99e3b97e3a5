// bearer-jwt sign-in for the sample pages: the authorization-code flow with
// PKCE against the Cognito stand-in (the environment's public app client),
// the access token kept in this tab's sessionStorage only, never in a URL.
/* global window, fetch, crypto, sessionStorage, URL, URLSearchParams, TextEncoder, btoa */
"use strict";

const TOKEN_KEY = "edge-gate:access-token";
const LOGIN_KEY = "edge-gate:login";

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function randomText() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

window.EdgeGateBearer = {
  async signIn(config) {
    const verifier = randomText();
    const state = randomText();
    const challenge = base64url(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
    );
    sessionStorage.setItem(LOGIN_KEY, JSON.stringify({ verifier, state }));
    const url = new URL(config.oidc.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: config.oidc.clientId,
      redirect_uri: config.oidc.redirectUri,
      scope: config.oidc.scopes.join(" "),
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    }).toString();
    window.location.assign(url.toString());
  },

  async finishSignIn(config, callbackUrl) {
    const saved = JSON.parse(sessionStorage.getItem(LOGIN_KEY) || "null");
    sessionStorage.removeItem(LOGIN_KEY);
    const code = callbackUrl.searchParams.get("code");
    if (!saved || !code || callbackUrl.searchParams.get("state") !== saved.state) {
      throw new Error(
        callbackUrl.searchParams.get("error") || "no sign-in in progress in this tab",
      );
    }
    const response = await fetch(config.oidc.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: config.oidc.clientId,
        code,
        redirect_uri: config.oidc.redirectUri,
        code_verifier: saved.verifier,
      }).toString(),
    });
    const tokens = await response.json();
    if (!response.ok || typeof tokens.access_token !== "string") {
      throw new Error(tokens.error || `token endpoint answered ${response.status}`);
    }
    sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
    this.handTokenToWorker(tokens.access_token);
  },

  async signOut(config) {
    sessionStorage.removeItem(TOKEN_KEY);
    await this.handTokenToWorker(null).catch(() => undefined);
    const url = new URL(config.oidc.logoutUrl);
    url.search = new URLSearchParams({
      client_id: config.oidc.clientId,
      logout_uri: config.oidc.logoutUri,
    }).toString();
    window.location.assign(url.toString());
  },

  authorizationHeaders() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { authorization: `Bearer ${token}` } : {};
  },

  /**
   * Registers browser/bearer-token-worker.js (served at the site's root, so its
   * scope is the whole site) and hands it this tab's token, on every page
   * load: the worker keeps the token in memory only. Plain <img> and <a>
   * links to protected files then carry the Authorization header.
   */
  registerWorker(config) {
    if (!this.gate) {
      this.gate = import(`${config.site}bearer-token-client.js`)
        .then((client) => client.registerBearerTokenWorker("/bearer-token-worker.js"))
        .then(async (gate) => {
          const token = sessionStorage.getItem(TOKEN_KEY);
          if (token) await gate.setToken(token);
          return gate;
        });
    }
    return this.gate;
  },

  /** Tells the worker about a new token, or (null) to forget it in every tab. */
  async handTokenToWorker(token) {
    if (!this.gate) return;
    const gate = await this.gate;
    if (token) await gate.setToken(token);
    else await gate.clearToken();
  },
};
