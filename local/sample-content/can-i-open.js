// "What can I open?": tries every file of the sample content as the visitor
// is signed in now (cookies, or in bearer-jwt mode the access token this
// tab holds) and shows what opened.
/* global document, fetch, EdgeGateBearer, EdgeGateSite */
"use strict";

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

async function tryFile(file, headers) {
  try {
    // manual: a redirect to a login is a refusal here, not a page to follow.
    const response = await fetch(file.path, {
      headers,
      credentials: "same-origin",
      redirect: "manual",
    });
    return {
      ok: response.status === 200,
      status: response.type === "opaqueredirect" ? "redirect" : String(response.status),
    };
  } catch (err) {
    return { ok: false, status: String(err) };
  }
}

async function main() {
  const { config } = await EdgeGateSite.load();
  const headers = config.mode === "bearer-jwt" ? EdgeGateBearer.authorizationHeaders() : {};
  const results = document.getElementById("results");
  for (const file of config.files) {
    const outcome = await tryFile(file, headers);
    const row = document.createElement("tr");
    row.dataset.path = file.path;
    row.dataset.opened = String(outcome.ok);
    cell(row, file.path);
    cell(row, file.opensFor);
    cell(row, outcome.ok ? "\u2713" : "\u2717", outcome.ok ? "yes" : "no");
    cell(row, outcome.status);
    results.appendChild(row);
  }
}

main().catch((err) => {
  document.getElementById("results").textContent = `Could not run the checks: ${err}`;
});
