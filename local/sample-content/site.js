// The landing page: says which mode the environment runs in and wires the
// sign-in and sign-out links for it (from site-config.json, written by the
// local run). A separate file: the site's Content-Security-Policy allows no inline script.
/* global document, window, EdgeGateBearer, EdgeGateSite */
"use strict";

const DESCRIPTIONS = {
  "bearer-jwt":
    "bearer-jwt: a Lambda@Edge function checks a Cognito access token sent as Authorization: Bearer. This page signs in with the authorization-code + PKCE flow and keeps the token in this tab only.",
  "session-cookie":
    "session-cookie: signing in creates a session in DynamoDB; a Lambda@Edge function looks the session cookie up on every request.",
  "signed-cookie":
    "signed-cookie: signing in gives CloudFront signed cookies, one set per folder you may read; CloudFront checks them itself.",
};

function item(list, text, href) {
  const li = document.createElement("li");
  if (href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.appendChild(a);
  } else {
    li.textContent = text;
  }
  document.getElementById(list).appendChild(li);
}

async function main() {
  const { config } = await EdgeGateSite.load();
  document.getElementById("mode").textContent =
    `Environment ${config.environment}, mode ${DESCRIPTIONS[config.mode]}`;
  const signIn = document.getElementById("sign-in");
  const signOut = document.getElementById("sign-out");
  if (config.mode === "bearer-jwt") {
    signIn.addEventListener("click", (event) => {
      event.preventDefault();
      EdgeGateBearer.signIn(config);
    });
    signOut.addEventListener("click", (event) => {
      event.preventDefault();
      EdgeGateBearer.signOut(config);
    });
    EdgeGateBearer.registerWorker(config).catch((err) => {
      document.getElementById("mode").textContent += ` (no service worker: ${err.message})`;
    });
  } else {
    signIn.href = config.signInUrl;
    signOut.href = config.signOutUrl;
  }
  for (const user of config.users) {
    const groups = user.groups.length > 0 ? user.groups.join(", ") : "no groups";
    item("users", `${user.username} (${groups}), sub ${user.sub}`);
  }
  for (const file of config.files)
    item("files", `${file.path} (opens for ${file.opensFor})`, file.path);
}

main().catch((err) => {
  document.getElementById("mode").textContent = `Could not read the site's settings: ${err}`;
  window.console.error(err);
});
