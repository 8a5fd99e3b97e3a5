// The signing key from Secrets Manager (a stand-in speaking its JSON
// protocol on loopback): read once per container, refused unless it is an
// RSA 2048 or P-256 private key, and every fault answered with 503 and no
// cookie, until a later request finds the secret readable again. Reads that
// must succeed have a generous time limit; a hanging endpoint is given up on
// by the read's own timers on a fake clock, not by racing the real one.
import * as crypto from "node:crypto";
import { readSigningKey } from "../../../functions/cookie-issuer/signing-key";
import type { SecretsFault } from "../../support/secrets-manager-stand-in";
import {
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  issuerEvent,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import type { CookieIssuerHandler } from "../../../functions/cookie-issuer/handler";
import { settleOnFakeClock } from "../../support/timing-harness";

const good = generateCloudFrontKey("rsa");
let h: IssuerHarness;

beforeAll(async () => {
  h = await startIssuerHarness(good);
});
afterAll(() => h.close());
afterEach(() => {
  h.secrets.fault = "none";
  h.storeKey(good.pem);
  jest.restoreAllMocks();
});

const cookiesRequest = () =>
  issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token()) });

async function expectUnavailable(handle: CookieIssuerHandler): Promise<void> {
  const result = await handle(cookiesRequest());
  expect(result.statusCode).toBe(503);
  expect(bodyOf(result)).toEqual({ error: "temporarily_unavailable" });
  expect(result.cookies ?? []).toEqual([]);
  const url = await handle(
    issuerEvent("GET", `/_auth/url?key=/shared/a.pdf`, { headers: bearerHeaders(h.token()) }),
  );
  expect(url.statusCode).toBe(503);
}

it("reads the secret once per container, on first use", async () => {
  const before = h.secrets.reads();
  const handle = h.handler();
  expect(h.secrets.reads()).toBe(before); // no read at cold start
  for (let i = 0; i < 3; i += 1) expect((await handle(cookiesRequest())).statusCode).toBe(200);
  expect(h.secrets.reads()).toBe(before + 1);
});

it("shares one read among concurrent first requests", async () => {
  const before = h.secrets.reads();
  const handle = h.handler();
  const results = await Promise.all([1, 2, 3, 4].map(() => handle(cookiesRequest())));
  expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
  expect(h.secrets.reads()).toBe(before + 1);
});

it.each<SecretsFault>(["access-denied", "not-found", "server-error"])(
  "answers 503 with no cookie while the read fails (%s), and recovers once it succeeds",
  async (fault) => {
    const handle = h.handler();
    h.secrets.fault = fault;
    await expectUnavailable(handle);
    const failedReads = h.secrets.reads();
    h.secrets.fault = "none";
    expect((await handle(cookiesRequest())).statusCode).toBe(200);
    expect(h.secrets.reads()).toBe(failedReads + 1);
  },
);

/** The `error` of every "signing key unreadable" line logged so far. */
const unreadable = (errors: jest.SpyInstance) =>
  errors.mock.calls
    .map(([line]) => JSON.parse(String(line)) as { message: string; error?: string })
    .filter((fields) => fields.message === "signing key unreadable")
    .map((fields) => fields.error);

it("gives up on a hanging endpoint by production's own time limits: 503, no cookie", async () => {
  const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
  const handle = h.handler({}, { outboundTimeoutMs: undefined });
  h.secrets.fault = "hang";
  // The endpoint never answers: only the read's time limits can end it. On
  // the fake clock the per-attempt ones fire in a few turns of the event
  // loop; the overall one (a real AbortSignal) may win on a very slow
  // machine. Either way a time-out, and a 503 with no cookie.
  const result = await settleOnFakeClock(() => handle(cookiesRequest()), 100);
  expect(result.statusCode).toBe(503);
  expect(result.cookies ?? []).toEqual([]);
  const [error] = unreadable(errors);
  expect(["TimeoutError", "AbortError"]).toContain(error);
});

it("recovers from a hanging endpoint on the next request once it answers again", async () => {
  const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
  // Generous limits (the harness's): the read that must succeed cannot time out.
  const handle = h.handler();
  h.secrets.fault = "hang";
  const result = await settleOnFakeClock(() => handle(cookiesRequest()));
  expect(result.statusCode).toBe(503);
  expect(unreadable(errors)).toEqual(["TimeoutError"]);
  h.secrets.fault = "none";
  expect((await handle(cookiesRequest())).statusCode).toBe(200);
});

const rejected: [string, () => string][] = [
  ["a value that is not a PEM", () => "not a key"],
  ["an RSA 1024 key", () => generateCloudFrontKey("rsa", false, 1024).pem],
  ["an RSA 4096 key", () => generateCloudFrontKey("rsa", false, 4096).pem],
  [
    "a P-384 key",
    () =>
      crypto
        .generateKeyPairSync("ec", { namedCurve: "P-384" })
        .privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  ],
  [
    "an Ed25519 key",
    () =>
      crypto
        .generateKeyPairSync("ed25519")
        .privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  ],
  ["the public key", () => good.publicKey.export({ type: "spki", format: "pem" }) as string],
  [
    "a passphrase-protected key",
    () =>
      crypto.createPrivateKey(good.pem).export({
        type: "pkcs8",
        format: "pem",
        cipher: "aes-256-cbc",
        passphrase: "secret",
      }) as string,
  ],
  ["a JSON-wrapped key", () => JSON.stringify({ privateKey: good.pem })],
];

it.each(rejected)(
  "answers 503 with no cookie for %s, until a good key is stored",
  async (_, pem) => {
    h.storeKey(pem());
    const handle = h.handler();
    await expectUnavailable(handle);
    h.storeKey(good.pem);
    expect((await handle(cookiesRequest())).statusCode).toBe(200);
  },
);

it.each([
  ["RSA 2048, PKCS#1 PEM", generateCloudFrontKey("rsa", true)],
  ["P-256, SEC1 PEM", generateCloudFrontKey("ec", true)],
  ["P-256, PKCS#8 PEM", generateCloudFrontKey("ec")],
])("accepts %s", async (_, key) => {
  h.storeKey(key.pem);
  expect((await h.handler()(cookiesRequest())).statusCode).toBe(200);
  expect(readSigningKey(key.pem).ok).toBe(true);
});

it("shows browsers a 503 page when login cannot start for want of the key", async () => {
  h.secrets.fault = "access-denied";
  const result = await h.handler()(issuerEvent("GET", "/_auth/login?path=/shared/a.pdf"));
  expect(result.statusCode).toBe(503);
  expect(result.headers?.["content-type"]).toBe("text/html; charset=utf-8");
  expect(result.cookies ?? []).toEqual([]);
  expect(result.headers?.location).toBeUndefined();
});
