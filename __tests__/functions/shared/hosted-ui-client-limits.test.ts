// The hosted-UI client's cap on a token endpoint's answer: token responses
// are a few KB, so one past 64 KB is a failed exchange (or revocation) as it
// arrives, at the header that announces it or at the byte that crosses the
// cap, never read to its end first. The time limit is generous throughout:
// each failure here comes from the cap, and a client that waited for the
// end would wait out the limit.
import { exchangeCode, revokeToken } from "../../../functions/shared/hosted-ui/hosted-ui-client";
import type { HostedUiSettings } from "../../../functions/shared/hosted-ui/settings";
import { oversizedBodyServers, type OversizedBody } from "../../support/oversized-body-server";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";

const CAP = 64 * 1024;
const startServer = oversizedBodyServers();

async function tokenEndpoint(body: OversizedBody): Promise<HostedUiSettings> {
  const server = await startServer(body);
  return {
    baseUrl: server.url,
    clientId: "edge-gate-client",
    scopes: ["openid"],
    issuer: `${server.url}us-east-1_EdgeGate1`,
    jwksUri: `${server.url}us-east-1_EdgeGate1/.well-known/jwks.json`,
  };
}

const CODE = { code: "a-code", codeVerifier: "v".repeat(43), redirectUri: "https://a.test/cb" };

it("fails an exchange whose answer never ends once it passes 64 KB", async () => {
  const settings = await tokenEndpoint({ kind: "endless" });
  const outcome = await exchangeCode(settings, CODE, GENEROUS_TIMEOUT_MS);
  expect(outcome).toMatchObject({ ok: false });
  expect(outcome.ok ? "" : outcome.reason).toBe(
    "token endpoint call failed: BodyTooLargeError: body too large",
  );
});

it("fails an exchange whose Content-Length is past 64 KB before any of its body", async () => {
  const settings = await tokenEndpoint({ kind: "declared", bytes: 10 * 1024 * 1024 });
  const outcome = await exchangeCode(settings, CODE, GENEROUS_TIMEOUT_MS);
  expect(outcome.ok ? "" : outcome.reason).toContain("body too large");
});

/** `bytes` bytes of text that is not a token response: "[" and spaces. */
const filler = (bytes: number) => `[${" ".repeat(bytes - 1)}`;

it("reads an answer of exactly 64 KB whole, and fails one of a byte more", async () => {
  // 64 KB that is not JSON: read whole, then refused for what it is.
  let settings = await tokenEndpoint({ kind: "text", text: filler(CAP) });
  expect(await exchangeCode(settings, CODE, GENEROUS_TIMEOUT_MS)).toEqual({
    ok: false,
    reason: "token response is not JSON",
    status: 200,
  });

  settings = await tokenEndpoint({ kind: "text", text: filler(CAP + 1) });
  const outcome = await exchangeCode(settings, CODE, GENEROUS_TIMEOUT_MS);
  expect(outcome.ok ? "" : outcome.reason).toContain("body too large");
});

it("counts the cap in bytes, not in characters", async () => {
  // 22,000 three-byte characters: 66,000 bytes, in 22,000 UTF-16 units.
  const settings = await tokenEndpoint({ kind: "text", text: "\u20ac".repeat(22_000) });
  const outcome = await exchangeCode(settings, CODE, GENEROUS_TIMEOUT_MS);
  expect(outcome.ok ? "" : outcome.reason).toContain("body too large");
});

it("fails a revocation whose answer never ends", async () => {
  const settings = await tokenEndpoint({ kind: "endless" });
  expect(await revokeToken(settings, "a-refresh-token", GENEROUS_TIMEOUT_MS)).toBe(false);
});
