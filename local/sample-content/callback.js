// Where the Cognito stand-in sends the browser back after a bearer-jwt
// sign-in: finishes the PKCE login (bearer-login.js) and returns to the start page.
/* global document, window, URL, EdgeGateBearer, EdgeGateSite */
"use strict";

async function main() {
  const { site, config } = await EdgeGateSite.load();
  await EdgeGateBearer.finishSignIn(config, new URL(window.location.href));
  window.location.replace(`${site}index.html`);
}

main().catch((err) => {
  document.getElementById("outcome").textContent = `Sign-in failed: ${err.message}`;
});
