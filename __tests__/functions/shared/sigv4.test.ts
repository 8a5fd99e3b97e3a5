// The edge's SigV4 signer, held to the standard two ways: the signatures of
// AWS's published Signature Version 4 test suite, and, for any request the
// edge sends (a JSON POST without a query), the very headers AWS's own
// signer (the SDK's @smithy/signature-v4) gives the same request at the same
// time with the same credentials.
import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";
import { signPost, type SigningCredentials } from "../../../functions/shared/sigv4";
import { NodeSha256 } from "../../../local/stand-ins/sigv4-check";

// AWS's test suite credentials, region, service and time (aws-sig-v4-test-suite).
const SUITE_CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const SUITE_TIME = Date.parse("2015-08-30T12:36:00Z");
const SUITE_URL = new URL("https://example.amazonaws.com/");

describe("AWS's Signature Version 4 test suite", () => {
  it("post-vanilla", () => {
    const headers = signPost(
      { url: SUITE_URL, region: "us-east-1", service: "service", headers: {}, body: "" },
      SUITE_CREDENTIALS,
      SUITE_TIME,
    );
    expect(headers).toEqual({
      host: "example.amazonaws.com",
      "x-amz-date": "20150830T123600Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    });
  });

  it("post-x-www-form-urlencoded", () => {
    const headers = signPost(
      {
        url: SUITE_URL,
        region: "us-east-1",
        service: "service",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "Param1=value1",
      },
      SUITE_CREDENTIALS,
      SUITE_TIME,
    );
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    );
    expect(headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });
});

interface Post {
  url: URL;
  region: string;
  service: string;
  headers: Record<string, string>;
  body: string;
}

/** The headers AWS's SDK signer gives `post`: the oracle. */
async function sdkSigned(
  post: Post,
  credentials: SigningCredentials,
  now: number,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: post.service,
    region: post.region,
    credentials,
    sha256: NodeSha256,
    // Only S3 wants the payload hash as a header; the edge never sends one.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: post.url.protocol,
      hostname: post.url.hostname,
      port: post.url.port === "" ? undefined : Number(post.url.port),
      path: post.url.pathname,
      query: {},
      headers: { ...post.headers, host: post.url.host },
      body: post.body,
    },
    { signingDate: new Date(now) },
  );
  return signed.headers;
}

const token = (alphabet: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const BASE64 = `${UPPER}abcdefghijklmnopqrstuvwxyz+/=`;

const credentialsArb: fc.Arbitrary<SigningCredentials> = fc.record(
  {
    accessKeyId: token(UPPER, 16, 20),
    secretAccessKey: token(BASE64, 40, 40),
    sessionToken: token(BASE64, 1, 400),
  },
  { requiredKeys: ["accessKeyId", "secretAccessKey"] },
);

const postArb: fc.Arbitrary<Post> = fc.record({
  url: fc
    .tuple(
      fc.constantFrom("https:", "http:"),
      fc.constantFrom(
        "dynamodb.eu-west-1.amazonaws.com",
        "ssm.us-gov-west-1.amazonaws.com",
        "127.0.0.1",
        "[::1]",
        "localhost",
      ),
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      // Paths as a loopback stand-in's (`/{region}`) and anything URL makes of
      // a path: dot segments, percent-escapes, spaces, sub-delimiters, Unicode.
      fc.array(
        fc.oneof(
          fc.constantFrom(
            "eu-west-1",
            ".",
            "..",
            "%2e",
            "%2F",
            "%41",
            "a b",
            "!'()*",
            "~_-",
            "é",
            "$&+,;=:@",
            "",
          ),
          fc.string({ unit: "grapheme", maxLength: 8 }).filter((s) => !/[?#]/.test(s)),
        ),
        { maxLength: 4 },
      ),
    )
    .map(
      ([scheme, host, port, segments]) =>
        new URL(`${scheme}//${host}${port === undefined ? "" : `:${port}`}/${segments.join("/")}`),
    ),
  region: fc.constantFrom(
    "us-east-1",
    "eu-west-1",
    "ap-southeast-2",
    "us-gov-west-1",
    "eusc-de-east-1",
  ),
  service: fc.constantFrom("dynamodb", "ssm", "service"),
  headers: fc.record(
    {
      "content-type": fc.constantFrom("application/x-amz-json-1.0", "application/x-amz-json-1.1"),
      // Values are signed trimmed, inner runs of spaces as one (the SDK's rule).
      "x-amz-target": fc
        .tuple(
          fc.constantFrom("", " ", "  "),
          fc.constantFrom("DynamoDB_20120810.GetItem", "AmazonSSM.GetParameter", "A  B"),
        )
        .map(([pad, value]) => `${pad}${value}${pad}`),
    },
    { requiredKeys: [] },
  ),
  body: fc.string({ unit: "binary", maxLength: 300 }),
});

/** Times from 2000 to 2099, to the millisecond: day and year boundaries included. */
const timeArb = fc.integer({
  min: Date.UTC(2000, 0, 1),
  max: Date.UTC(2099, 11, 31, 23, 59, 59, 999),
});

describe("signPost against AWS's SDK signer", () => {
  it("gives the SDK's headers for any request, credentials and time", async () => {
    await fc.assert(
      fc.asyncProperty(postArb, credentialsArb, timeArb, async (post, credentials, now) => {
        const ours = signPost(post, credentials, now);
        const sdk = await sdkSigned(post, credentials, now);
        expect(ours.authorization).toBe(sdk.authorization);
        expect(ours["x-amz-date"]).toBe(sdk["x-amz-date"]);
        expect(ours["x-amz-security-token"]).toBe(sdk["x-amz-security-token"]);
        expect(ours.host).toBe(post.url.host);
      }),
      { numRuns: 300 },
    );
  });

  it("derives a new signing key when the day, region, service or secret changes", async () => {
    // The signer keeps its last signing key: each of these sequences must miss it when it changes.
    const base = {
      url: new URL("https://dynamodb.eu-west-1.amazonaws.com/"),
      headers: {},
      body: "{}",
    };
    const steps: [Post, SigningCredentials, number][] = [
      [{ ...base, region: "eu-west-1", service: "dynamodb" }, SUITE_CREDENTIALS, SUITE_TIME],
      [
        { ...base, region: "eu-west-1", service: "dynamodb" },
        SUITE_CREDENTIALS,
        SUITE_TIME + 86_400_000,
      ],
      [
        { ...base, region: "us-east-1", service: "dynamodb" },
        SUITE_CREDENTIALS,
        SUITE_TIME + 86_400_000,
      ],
      [
        { ...base, region: "us-east-1", service: "ssm" },
        SUITE_CREDENTIALS,
        SUITE_TIME + 86_400_000,
      ],
      [
        { ...base, region: "us-east-1", service: "ssm" },
        { ...SUITE_CREDENTIALS, secretAccessKey: "a-rotated-secret" },
        SUITE_TIME + 86_400_000,
      ],
      [{ ...base, region: "eu-west-1", service: "dynamodb" }, SUITE_CREDENTIALS, SUITE_TIME],
    ];
    for (const [post, credentials, now] of steps) {
      expect(signPost(post, credentials, now).authorization).toBe(
        (await sdkSigned(post, credentials, now)).authorization,
      );
    }
  });

  it("passes the caller's headers through and adds only host, the date and the session token", () => {
    const headers = signPost(
      {
        url: new URL("https://dynamodb.eu-west-1.amazonaws.com/"),
        region: "eu-west-1",
        service: "dynamodb",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.GetItem",
        },
        body: "{}",
      },
      { ...SUITE_CREDENTIALS, sessionToken: "session-token" },
      SUITE_TIME,
    );
    expect(Object.keys(headers).sort()).toEqual([
      "authorization",
      "content-type",
      "host",
      "x-amz-date",
      "x-amz-security-token",
      "x-amz-target",
    ]);
    expect(headers["x-amz-security-token"]).toBe("session-token");
    expect(headers.authorization).toContain(
      "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,",
    );
  });

  it("refuses a URL with a query, which no call of edge-gate's has", () => {
    expect(() =>
      signPost(
        {
          url: new URL("https://dynamodb.eu-west-1.amazonaws.com/?a=1"),
          region: "eu-west-1",
          service: "dynamodb",
          headers: {},
          body: "",
        },
        SUITE_CREDENTIALS,
        SUITE_TIME,
      ),
    ).toThrow("signPost signs requests without a query only");
  });
});
