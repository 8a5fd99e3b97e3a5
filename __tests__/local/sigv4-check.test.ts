// The loopback table checks SigV4 signatures as DynamoDB does, so a request
// the session checker signs wrongly, or a wire that differs from what was
// signed, is refused there as it would be in AWS. The check recomputes each
// signature with AWS's own signer (the SDK's), from what arrived.
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { signPost } from "../../functions/shared/sigv4";
import { sigv4Problem, type ReceivedRequest } from "../../local/stand-ins/sigv4-check";
import { TEST_CREDENTIALS } from "../support/dynalite";

const NOW = Date.parse("2026-12-07T08:00:00Z");
const URL_ = new URL("http://127.0.0.1:8000/eu-west-1");
const BODY = JSON.stringify({ TableName: "sessions", Key: { pk: { S: "session#x" } } });

function signedRequest(overrides: Partial<ReceivedRequest> = {}): ReceivedRequest {
  const headers = signPost(
    {
      url: URL_,
      region: "eu-west-1",
      service: "dynamodb",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.GetItem",
      },
      body: BODY,
    },
    { ...TEST_CREDENTIALS, sessionToken: "token" },
    NOW,
  );
  return { method: "POST", path: URL_.pathname, headers, body: BODY, ...overrides };
}

const check = (request: ReceivedRequest, now = NOW) =>
  sigv4Problem(request, [TEST_CREDENTIALS], "dynamodb", now);

describe("sigv4Problem", () => {
  it("accepts a request signed by edge-gate's signer, as sent", async () => {
    await expect(check(signedRequest())).resolves.toBeNull();
  });

  it("accepts what the AWS SDK signs", async () => {
    let seen: ReceivedRequest | undefined;
    const client = new DynamoDBClient({
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:8000/eu-west-1",
      credentials: TEST_CREDENTIALS,
      requestHandler: {
        handle: async (request: {
          method: string;
          path: string;
          headers: Record<string, string>;
          body: string;
        }) => {
          seen = {
            method: request.method,
            path: request.path,
            headers: Object.fromEntries(
              Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]),
            ),
            body: request.body,
          };
          throw new Error("not sent");
        },
      },
    });
    await expect(
      client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "k" } } })),
    ).rejects.toThrow("not sent");
    expect(seen).toBeDefined();
    await expect(check(seen as ReceivedRequest, Date.now())).resolves.toBeNull();
  });

  it.each<[string, (r: ReceivedRequest) => ReceivedRequest, string]>([
    [
      "a changed body",
      (r) => ({ ...r, body: r.body.replace("session#x", "session#y") }),
      "InvalidSignatureException",
    ],
    ["another path", (r) => ({ ...r, path: "/us-west-2" }), "InvalidSignatureException"],
    [
      "a changed signed header",
      (r) => ({ ...r, headers: { ...r.headers, "x-amz-target": "DynamoDB_20120810.DeleteItem" } }),
      "InvalidSignatureException",
    ],
    [
      "a dropped session token",
      (r) => ({ ...r, headers: { ...r.headers, "x-amz-security-token": "" } }),
      "InvalidSignatureException",
    ],
    [
      "no Authorization header",
      (r) => ({
        ...r,
        headers: Object.fromEntries(
          Object.entries(r.headers).filter(([name]) => name !== "authorization"),
        ),
      }),
      "MissingAuthenticationTokenException",
    ],
    [
      "an unknown access key",
      (r) => ({
        ...r,
        headers: {
          ...r.headers,
          authorization: r.headers.authorization.replace(
            TEST_CREDENTIALS.accessKeyId,
            "AKIAUNKNOWN000000000",
          ),
        },
      }),
      "UnrecognizedClientException",
    ],
    [
      "a signature for another service",
      (r) => ({
        ...r,
        headers: {
          ...r.headers,
          authorization: r.headers.authorization.replace("/dynamodb/", "/ssm/"),
        },
      }),
      "InvalidSignatureException",
    ],
  ])("refuses %s", async (_, change, type) => {
    await expect(check(change(signedRequest()))).resolves.toMatchObject({ type });
  });

  it("refuses a signature more than 15 minutes from the table's clock, either way", async () => {
    await expect(check(signedRequest(), NOW + 15 * 60_000)).resolves.toBeNull();
    await expect(check(signedRequest(), NOW + 15 * 60_000 + 1000)).resolves.toMatchObject({
      message: "Signature expired",
    });
    await expect(check(signedRequest(), NOW - 15 * 60_000 - 1000)).resolves.toMatchObject({
      message: "Signature not yet current",
    });
  });
});
