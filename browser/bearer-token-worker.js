// Service worker for bearer-JWT sites: adds the signed-in user's access token
// as `Authorization: Bearer` to the site's own GET/HEAD requests, so plain
// <img src> and <a href> open protected files without a token in any URL.
/* global self, fetch, Headers, Request, URL, MessageChannel, setTimeout, clearTimeout */
"use strict";

const MESSAGES = {
  set: "edge-gate:set-token",
  clear: "edge-gate:clear-token",
  ack: "edge-gate:token-ack",
  cleared: "edge-gate:token-cleared",
  ask: "edge-gate:token-request",
  claim: "edge-gate:claim",
};
/** The mode endpoints' routes: a token is never theirs to see. */
const EXCLUDED_ROUTES = ["/_identity", "/_auth"];
/** A JWS compact serialization (what Cognito access tokens are), so no header can be smuggled in. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 16384;
/** How long a restarted worker waits for its pages to say the token; then it goes without. */
const ASK_TIMEOUT_MS = 1000;

// In memory only, never in storage: the browser may stop an idle worker at
// any time, and a restarted one asks its pages again (known: false).
const state = { token: null, known: false, generation: 0, asking: null };

const isToken = (t) =>
  typeof t === "string" && t.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(t);

/** Whether `request` should carry the token: same origin, GET/HEAD, no credential of its own, not a mode endpoint. */
function wantsToken(request, origin) {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const url = new URL(request.url);
  if (url.origin !== origin || request.headers.has("authorization")) return false;
  // CloudFront matches "/_auth/*" on the path as sent; an encoded "_" is not it, but stays excluded here.
  const path = url.pathname.replace(/%5f/gi, "_");
  return !EXCLUDED_ROUTES.some((route) => path === route || path.startsWith(`${route}/`));
}

function remember(token) {
  state.generation += 1;
  state.token = token;
  state.known = true;
}

/** The token, asking the open pages first when this worker has just (re)started. */
function currentToken() {
  if (state.known) return Promise.resolve(state.token);
  if (!state.asking) {
    const generation = state.generation;
    // A failed question counts as no token: the request goes without one.
    state.asking = askPages()
      .catch(() => null)
      .then((token) => {
        state.asking = null;
        // A set or clear that arrived meanwhile is newer than any answer.
        if (generation === state.generation) remember(token);
        return state.token;
      });
  }
  return state.asking;
}

/** The first token one of the worker's pages answers with; null when none has one. */
async function askPages() {
  const pages = await self.clients.matchAll({ type: "window" });
  const answers = pages.map(
    (page) =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        const timer = setTimeout(() => resolve(null), ASK_TIMEOUT_MS);
        channel.port1.onmessage = (event) => {
          clearTimeout(timer);
          resolve(isToken(event.data && event.data.token) ? event.data.token : null);
        };
        page.postMessage({ type: MESSAGES.ask }, [channel.port2]);
      }),
  );
  for (const token of await Promise.all(answers)) if (token) return token;
  return null;
}

/**
 * The request again with the token, rebuilt from its URL: a navigation cannot
 * be re-sent as one (a RequestInit with mode "navigate" throws, and older
 * browsers refuse any RequestInit on a navigation's Request), so every copy
 * is a same-origin request. Redirects come back unfollowed ("manual"): the
 * worker cannot see where one leads, so it never carries the token on.
 */
function withHeader(request, token) {
  const headers = new Headers(request.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return new Request(request.url, {
    method: request.method,
    headers,
    mode: "same-origin",
    credentials: request.credentials,
    cache: request.cache,
    redirect: "manual",
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
    integrity: request.integrity,
    signal: request.signal,
  });
}

async function respond(request) {
  const token = await currentToken();
  if (!token) return fetch(request);
  const response = await fetch(withHeader(request, token));
  if (request.mode === "navigate") {
    // The copy is no longer a navigation (Sec-Fetch-Mode: same-origin), so a
    // refused token gets a program's 401; the original, without the token,
    // gets a browser's answer (the edge's redirect to the login page).
    return response.status === 401 ? fetch(request) : response;
  }
  // A redirect is followed from the original request, without the token.
  return response.type === "opaqueredirect" ? fetch(request) : response;
}

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  if (state.known && !state.token) return; // signed out: the browser's own request, untouched
  if (!wantsToken(event.request, self.location.origin)) return;
  event.respondWith(respond(event.request));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (event.origin !== self.location.origin) return;
  const reply = (message) => event.ports[0] && event.ports[0].postMessage(message);
  if (data.type === MESSAGES.set) {
    // Anything but a token forgets the old one: fail closed.
    remember(isToken(data.token) ? data.token : null);
    reply({ type: MESSAGES.ack, ok: state.token !== null });
  } else if (data.type === MESSAGES.clear) {
    remember(null);
    // Every page forgets it too, so no page can hand it back after a restart.
    event.waitUntil(
      self.clients.matchAll({ type: "window" }).then((pages) => {
        for (const page of pages) page.postMessage({ type: MESSAGES.cleared });
        reply({ type: MESSAGES.ack, ok: true });
      }),
    );
  } else if (data.type === MESSAGES.claim) {
    // A page loaded with a hard reload starts uncontrolled.
    event.waitUntil(self.clients.claim().then(() => reply({ type: MESSAGES.ack, ok: true })));
  }
});
