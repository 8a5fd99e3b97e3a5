// Where the Cognito stand-in sends the browser back after a bearer-jwt
// sign-in: finishes the PKCE login (bearer-login.js) and returns to the start page.
/* global document, fetch, window, URL, EdgeGateBearer */
"use strict";

async function main() {
  const site = document
    .querySelector("link[rel=stylesheet]")
    .getAttribute("href")
    .replace(/site\.css$/, "");
  const config = await (
    await fetch(`${site}site-config.json`, { credentials: "same-origin" })
  ).json();
  await EdgeGateBearer.finishSignIn(config, new URL(window.location.href));
  window.location.replace(`${site}index.html`);
}

main().catch((err) => {
  document.getElementById("outcome").textContent = `Sign-in failed: ${err.message}`;
});
