// The page side of bearer-token-worker.js: registers the worker, hands it the
// access token (setToken after login and each refresh, clearToken at logout)
// and answers a restarted worker that asks for it again. Tokens stay in memory.
/* global navigator, MessageChannel */

const MESSAGES = {
  set: "edge-gate:set-token",
  clear: "edge-gate:clear-token",
  ack: "edge-gate:token-ack",
  cleared: "edge-gate:token-cleared",
  ask: "edge-gate:token-request",
  claim: "edge-gate:claim",
};
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 16384;

/** Sends `message` to the worker and resolves with its answer. */
function ask(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}

/**
 * Registers the worker at `url` (at the site's root, so it covers every path)
 * and resolves once it controls this page.
 */
export async function registerBearerTokenWorker(url = "/bearer-token-worker.js") {
  if (!("serviceWorker" in navigator)) throw new Error("service workers are not available here");
  const container = navigator.serviceWorker;
  let token = null;

  container.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === MESSAGES.ask && event.ports[0]) event.ports[0].postMessage({ token });
    if (data.type === MESSAGES.cleared) token = null;
  });
  container.startMessages();

  await container.register(url, { scope: "/" });
  const registration = await container.ready;
  if (!container.controller) {
    const controlled = new Promise((resolve) =>
      container.addEventListener("controllerchange", resolve, { once: true }),
    );
    await ask(registration.active, { type: MESSAGES.claim });
    await controlled;
  }
  const worker = () => container.controller || registration.active;

  return {
    /** After login and after each token refresh; a reloaded page calls it again. */
    async setToken(accessToken) {
      if (
        typeof accessToken !== "string" ||
        accessToken.length > MAX_TOKEN_LENGTH ||
        !TOKEN_PATTERN.test(accessToken)
      ) {
        throw new TypeError("not an access token (a JWT: three base64url parts)");
      }
      token = accessToken;
      const answer = await ask(worker(), { type: MESSAGES.set, token });
      if (!answer || !answer.ok) throw new Error("the worker refused the token");
    },
    /** At logout: the worker and every open page of the site forget the token. */
    async clearToken() {
      token = null;
      await ask(worker(), { type: MESSAGES.clear });
    },
  };
}
