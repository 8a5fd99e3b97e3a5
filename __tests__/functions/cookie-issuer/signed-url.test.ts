// /_auth/url: one canned-policy signed URL for one object the caller may
// read by the same rules as the cookie sets, judged the way CloudFront
// judges signed URLs.
import { checkSignedUrl } from "../../support/cloudfront-signed-cookies";
import {
  bearerHeaders,
  bodyOf,
  generateCloudFrontKey,
  issuerEvent,
  keyGroupOf,
  SITE_ORIGIN,
  startIssuerHarness,
  type CloudFrontKeyKind,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";
import { OTHER_SUB, TEST_SUB } from "../../support/jwt-fixtures";

const CLOCK = 1_900_000_000;
const URL_LIFETIME = 300;

describe.each<[CloudFrontKeyKind, "SHA256" | "SHA1"]>([
  ["rsa", "SHA1"],
  ["ec", "SHA256"],
])("signed URLs with a %s key and %s", (kind, hashAlgorithm) => {
  const key = generateCloudFrontKey(kind);
  let h: IssuerHarness;
  beforeAll(async () => {
    h = await startIssuerHarness(key);
  });
  afterAll(() => h.close());

  const ask = (query: string, claims: Record<string, unknown> = {}) =>
    h.handler(
      { hashAlgorithm },
      { now: () => CLOCK * 1000 },
    )(issuerEvent("GET", `/_auth/url?${query}`, { headers: bearerHeaders(h.token(claims)) }));
  const judge = (url: string, now = CLOCK + 1) => checkSignedUrl(url, keyGroupOf(key), now);

  it("signs the caller's own object for signedUrlLifetimeSeconds", async () => {
    const result = await ask(`key=/users/${TEST_SUB}/report.pdf`);
    expect(result.statusCode).toBe(200);
    const { url, expiresAt } = bodyOf(result) as { url: string; expiresAt: number };
    expect(expiresAt).toBe(CLOCK + URL_LIFETIME);
    expect(
      url.startsWith(`${SITE_ORIGIN}/users/${TEST_SUB}/report.pdf?Expires=${expiresAt}&`),
    ).toBe(true);
    expect(new URL(url).searchParams.get("Hash-Algorithm")).toBe(
      hashAlgorithm === "SHA256" ? "SHA256" : null,
    );
    expect(judge(url)).toEqual({ allow: true });
    expect(judge(url, expiresAt)).toEqual({
      allow: false,
      reason: "policy expired (DateLessThan)",
    });
  });

  it("signs a group object, percent-encoding the key once", async () => {
    const result = await ask(`key=${encodeURIComponent("/shared/Q3 plan.pdf")}`);
    const { url } = bodyOf(result) as { url: string };
    expect(url.startsWith(`${SITE_ORIGIN}/shared/Q3%20plan.pdf?`)).toBe(true);
    expect(judge(url)).toEqual({ allow: true });
  });

  it("refuses another user's object with 422 and no URL", async () => {
    const result = await ask(`key=/users/${OTHER_SUB}/report.pdf`);
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ error: "forbidden" });
  });

  it("judges the normalized key: climbing out of the own folder is another user's folder", async () => {
    const result = await ask(`key=/users/${TEST_SUB}/../${OTHER_SUB}/report.pdf`);
    expect(result.statusCode).toBe(422);
  });

  it("does not open another object with a URL signed for one", async () => {
    const { url } = bodyOf(await ask(`key=/users/${TEST_SUB}/report.pdf`)) as { url: string };
    const moved = url.replace(`/users/${TEST_SUB}/`, `/users/${OTHER_SUB}/`);
    expect(judge(moved)).toEqual({ allow: false, reason: "signature does not verify" });
  });

  it.each([
    ["no key", ""],
    ["two keys", `key=/users/${TEST_SUB}/a.pdf&key=/users/${TEST_SUB}/b.pdf`],
    ["an encoded slash", `key=${encodeURIComponent(`/users/${TEST_SUB}%2Fa.pdf`)}`],
    ["a relative key", "key=users/a.pdf"],
    ["climbing above the root", "key=/../etc/passwd"],
  ])("answers 400 invalid_key for %s", async (_, query) => {
    const result = await ask(query);
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ error: "invalid_key" });
  });

  it("answers 401 without a token", async () => {
    const result = await h.handler()(issuerEvent("GET", `/_auth/url?key=/shared/a.pdf`));
    expect(result.statusCode).toBe(401);
    expect(result.headers?.["www-authenticate"]).toBe("Bearer");
  });
});
