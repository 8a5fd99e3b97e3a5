// The cookie sets /_auth/cookies issues, judged the way CloudFront judges
// them (an independent verifier over node:crypto): each opens exactly the
// folders its user may read, for exactly its lifetime, under the key group's
// key only, for RSA 2048 and ECDSA P-256 keys and both hash algorithms.
import { createPrivateKey, randomBytes } from "node:crypto";
import { getSignedCookies } from "@aws-sdk/cloudfront-signer";
import { resourceFor, signCookieSet } from "../../../functions/cookie-issuer/cookie-sets";
import {
  cloudFrontBase64,
  customPolicy,
  type CookieSigner,
} from "../../../functions/cookie-issuer/signing";
import { setCookie } from "../../../functions/shared/cookies";
import { checkSignedCookies, type KeyGroup } from "../../support/cloudfront-signed-cookies";
import {
  jarAfter,
  type BrowserJar,
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  issuerEvent,
  keyGroupOf,
  KEY_PAIR_ID,
  parseSetCookie,
  SITE_ORIGIN,
  startIssuerHarness,
  type CloudFrontKeyKind,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import { OTHER_SUB, TEST_SUB } from "../../support/jwt-fixtures";

const LIFETIME = 3600;
const OWN = `${SITE_ORIGIN}/users/${TEST_SUB}/report.pdf`;
const OTHERS = `${SITE_ORIGIN}/users/${OTHER_SUB}/report.pdf`;
const SHARED = `${SITE_ORIGIN}/shared/team/plan.pdf?v=3`;

describe.each<[string, CloudFrontKeyKind, "SHA256" | "SHA1"]>([
  ["RSA 2048", "rsa", "SHA256"],
  ["RSA 2048", "rsa", "SHA1"],
  ["ECDSA P-256", "ec", "SHA256"],
  ["ECDSA P-256", "ec", "SHA1"],
])("cookie sets signed with %s and %s", (_label, kind, hashAlgorithm) => {
  const key = generateCloudFrontKey(kind);
  const group: KeyGroup = keyGroupOf(key);
  let h: IssuerHarness;
  const clock = 1_900_000_000;

  beforeAll(async () => {
    h = await startIssuerHarness(key);
  });
  afterAll(() => h.close());

  /** Signs alice (group "readers") in through /_auth/cookies at `clock`; her cookies in a jar. */
  async function issue(claims: Record<string, unknown> = {}) {
    const handle = h.handler({ hashAlgorithm }, { now: () => clock * 1000 });
    const result = await handle(
      issuerEvent("GET", "/_auth/cookies", { headers: bearerHeaders(h.token(claims)) }),
    );
    expect(result.statusCode).toBe(200);
    const jar = jarAfter(result, clock);
    return { result, jar };
  }

  const judge = (jar: BrowserJar, url: string, now = clock + 1) =>
    checkSignedCookies({ url, cookies: jar.cookiesFor(url, now), now }, group);

  it("opens the user's own folder and group folder, and not another user's folder", async () => {
    const { result, jar } = await issue();
    expect(bodyOf(result)).toEqual({
      prefixes: ["/shared/", `/users/${TEST_SUB}/`],
      expiresAt: clock + LIFETIME,
    });
    expect(judge(jar, OWN)).toEqual({ allow: true });
    expect(judge(jar, SHARED)).toEqual({ allow: true });
    expect(judge(jar, OTHERS)).toEqual({ allow: false, reason: "no signed cookies" });
    expect(judge(jar, `${SITE_ORIGIN}/reports/summary.pdf`).allow).toBe(false);
  });

  it("does not open another user's folder even when the own set is sent there", async () => {
    const { jar } = await issue();
    const ownSet = jar.cookiesFor(OWN, clock);
    const verdict = checkSignedCookies({ url: OTHERS, cookies: ownSet, now: clock + 1 }, group);
    expect(verdict).toEqual({ allow: false, reason: "Resource does not match the URL" });
    // Nor a sibling whose name merely starts with the sub.
    const sibling = `${SITE_ORIGIN}/users/${TEST_SUB}x/report.pdf`;
    expect(checkSignedCookies({ url: sibling, cookies: ownSet, now: clock + 1 }, group).allow).toBe(
      false,
    );
  });

  it("opens nothing once the policy's lifetime has passed", async () => {
    const { jar } = await issue();
    const ownSet = jar.cookiesFor(OWN, clock);
    const at = (now: number) => checkSignedCookies({ url: OWN, cookies: ownSet, now }, group);
    expect(at(clock + LIFETIME - 1)).toEqual({ allow: true });
    expect(at(clock + LIFETIME)).toEqual({ allow: false, reason: "policy expired (DateLessThan)" });
    // The browser drops the set at the same moment (Max-Age is the lifetime).
    expect(jar.cookiesFor(OWN, clock + LIFETIME)).toEqual([]);
  });

  it("refuses a tampered policy and a tampered signature", async () => {
    const { jar } = await issue();
    const ownSet = new Map(jar.cookiesFor(OWN, clock));
    const judgeWith = (name: string, value: string) =>
      checkSignedCookies(
        { url: OTHERS, cookies: [...new Map(ownSet).set(name, value)], now: clock + 1 },
        group,
      );
    // A policy widened to every user's folder, keeping the original signature.
    const widened = JSON.stringify({
      Statement: [
        {
          Resource: `${SITE_ORIGIN}/users/*`,
          Condition: { DateLessThan: { "AWS:EpochTime": clock + LIFETIME } },
        },
      ],
    });
    const encoded = Buffer.from(widened)
      .toString("base64")
      .replace(/\+/g, "-")
      .replace(/=/g, "_")
      .replace(/\//g, "~");
    expect(judgeWith("CloudFront-Policy", encoded)).toEqual({
      allow: false,
      reason: "signature does not verify",
    });
    const signature = ownSet.get("CloudFront-Signature") ?? "";
    const flipped = signature[20] === "A" ? "B" : "A";
    const tampered = signature.slice(0, 20) + flipped + signature.slice(21);
    const verdict = checkSignedCookies(
      {
        url: OWN,
        cookies: [...new Map(ownSet).set("CloudFront-Signature", tampered)],
        now: clock + 1,
      },
      group,
    );
    expect(verdict.allow).toBe(false);
  });

  it("is trusted only under the key group's own Key-Pair-Id and key", async () => {
    const { jar } = await issue();
    const ownSet = jar.cookiesFor(OWN, clock);
    const elsewhere = new Map([["K9OTHERKEYGROUP", key.publicKey]]);
    expect(checkSignedCookies({ url: OWN, cookies: ownSet, now: clock + 1 }, elsewhere)).toEqual({
      allow: false,
      reason: "key pair id is not in the trusted key group",
    });
    const impostor = keyGroupOf(generateCloudFrontKey(kind));
    expect(checkSignedCookies({ url: OWN, cookies: ownSet, now: clock + 1 }, impostor)).toEqual({
      allow: false,
      reason: "signature does not verify",
    });
    expect(new Map(ownSet).get("CloudFront-Key-Pair-Id")).toBe(KEY_PAIR_ID);
  });

  it(`announces the hash algorithm only for SHA256 (here ${hashAlgorithm})`, async () => {
    const { result, jar } = await issue();
    const ownSet = new Map(jar.cookiesFor(OWN, clock));
    if (hashAlgorithm === "SHA256") {
      expect(ownSet.get("CloudFront-Hash-Algorithm")).toBe("SHA256");
      // Without the announcement CloudFront checks SHA1 and refuses.
      ownSet.delete("CloudFront-Hash-Algorithm");
      const verdict = checkSignedCookies({ url: OWN, cookies: [...ownSet], now: clock + 1 }, group);
      expect(verdict).toEqual({ allow: false, reason: "signature does not verify" });
    } else {
      expect(ownSet.has("CloudFront-Hash-Algorithm")).toBe(false);
      // A SHA256 announcement left by an earlier issue is removed at each path.
      const cleared = (result.cookies ?? [])
        .map(parseSetCookie)
        .filter((c) => c.name === "CloudFront-Hash-Algorithm");
      expect(cleared.map((c) => c.attributes.get("path")).sort()).toEqual([
        "/shared/",
        `/users/${TEST_SUB}/`,
      ]);
      expect(cleared.every((c) => c.attributes.get("max-age") === "0")).toBe(true);
    }
  });

  it("signs a custom policy naming the folder with a wildcard and one DateLessThan", async () => {
    const { jar } = await issue();
    const policy = new Map(jar.cookiesFor(OWN, clock)).get("CloudFront-Policy") ?? "";
    const decoded = Buffer.from(
      policy.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"),
      "base64",
    ).toString("utf8");
    expect(JSON.parse(decoded)).toEqual({
      Statement: [
        {
          Resource: `${SITE_ORIGIN}/users/${TEST_SUB}/*`,
          Condition: { DateLessThan: { "AWS:EpochTime": clock + LIFETIME } },
        },
      ],
    });
  });
});

// The issuer signs each set with node:crypto and writes its lines itself
// (a set costs little more than its signature); what it writes must stay
// what @aws-sdk/cloudfront-signer and setCookie would write.
describe("one cookie set, against the signer package and setCookie", () => {
  const PREFIX = `/users/${TEST_SUB}/`;
  const EXPIRES = 1_900_003_600;
  const signerOf = (
    kind: CloudFrontKeyKind,
    hashAlgorithm: "SHA256" | "SHA1",
    cookieDomain: string | null = null,
  ): CookieSigner => ({
    siteOrigin: SITE_ORIGIN,
    keyPairId: KEY_PAIR_ID,
    privateKey: createPrivateKey(generateCloudFrontKey(kind).pem),
    hashAlgorithm,
    cookieDomain,
  });
  const valuesOf = (cookies: { name: string; value: string }[]) =>
    Object.fromEntries(cookies.map((c) => [c.name, c.value]));
  const packageValues = (signer: CookieSigner) =>
    getSignedCookies({
      policy: customPolicy(resourceFor(SITE_ORIGIN, PREFIX), EXPIRES),
      keyPairId: signer.keyPairId,
      privateKey: signer.privateKey.export({ type: "pkcs8", format: "pem" }),
      algorithm: signer.hashAlgorithm,
    });

  it.each<"SHA256" | "SHA1">(["SHA256", "SHA1"])(
    "RSA (deterministic) with %s: the very values the signer package makes",
    (hashAlgorithm) => {
      const signer = signerOf("rsa", hashAlgorithm);
      const cookies = signCookieSet(PREFIX, EXPIRES, 3600, signer);
      expect(valuesOf(cookies)).toEqual(packageValues(signer));
      expect(cookies.map((c) => c.name)).toEqual(
        hashAlgorithm === "SHA256"
          ? [
              "CloudFront-Policy",
              "CloudFront-Signature",
              "CloudFront-Key-Pair-Id",
              "CloudFront-Hash-Algorithm",
            ]
          : ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"],
      );
    },
  );

  it.each<"SHA256" | "SHA1">(["SHA256", "SHA1"])(
    "ECDSA (randomized) with %s: the package's policy and ids, a signature CloudFront accepts",
    (hashAlgorithm) => {
      const key = generateCloudFrontKey("ec");
      const signer = { ...signerOf("ec", hashAlgorithm), privateKey: createPrivateKey(key.pem) };
      const cookies = signCookieSet(PREFIX, EXPIRES, 3600, signer);
      const { "CloudFront-Signature": signature, ...rest } = valuesOf(cookies);
      const expected: Record<string, unknown> = { ...packageValues(signer) };
      delete expected["CloudFront-Signature"];
      expect(rest).toEqual(expected);
      expect(signature).toMatch(/^[A-Za-z0-9~_-]+$/);
      const request = {
        url: `${SITE_ORIGIN}${PREFIX}a.pdf`,
        cookies: cookies.map((c) => [c.name, c.value] as const),
        now: EXPIRES - 1,
      };
      expect(checkSignedCookies(request, keyGroupOf(key))).toEqual({ allow: true });
    },
  );

  it.each<[string, string | null]>([
    ["host-only", null],
    ["with a Domain", "example.com"],
  ])("writes each Set-Cookie line exactly as setCookie does (%s)", (_label, cookieDomain) => {
    const signer = signerOf("ec", "SHA256", cookieDomain);
    for (const prefix of [PREFIX, "/shared/", "/reports/summary.pdf"]) {
      for (const cookie of signCookieSet(prefix, EXPIRES, 3600, signer)) {
        expect(cookie.path).toBe(prefix);
        expect(cookie.header).toBe(
          setCookie(cookie.name, cookie.value, {
            path: prefix,
            maxAge: 3600,
            domain: cookieDomain ?? undefined,
          }),
        );
      }
    }
  });

  it("writes the policy JSON.stringify would write, for any resource", () => {
    for (const resource of [
      `${SITE_ORIGIN}${PREFIX}*`,
      'https://h/a"b\\c/*',
      "https://h/\u00e9\u2028</script>/x",
      "https://h/\u0000\u001f/*",
    ]) {
      expect(customPolicy(resource, EXPIRES)).toBe(
        JSON.stringify({
          Statement: [
            { Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": EXPIRES } } },
          ],
        }),
      );
    }
  });

  it("writes CloudFront's base64 (+ to -, = to _, / to ~) for every length of input", () => {
    for (let length = 0; length < 300; length++) {
      const bytes = randomBytes(length);
      expect(cloudFrontBase64(bytes)).toBe(
        bytes.toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~"),
      );
    }
  });

  it("refuses an expiry that is not whole epoch seconds", () => {
    for (const bad of [Number.NaN, 1.5, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(() => customPolicy(`${SITE_ORIGIN}/a`, bad)).toThrow(RangeError);
    }
  });
});
