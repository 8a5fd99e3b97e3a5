// The local run's one mapping from AWS origins to the loopback stand-ins, and
// the two places it is used: config URLs and the Content-Security-Policy.
import {
  awsOriginMap,
  localContentSecurityPolicy,
  localUrl,
} from "../../../local/runner/aws-origins";

const map = awsOriginMap({
  edgeUrl: "http://127.0.0.1:8123",
  homeRegion: "eu-central-1",
  hostedUiOrigin: "https://edge-gate-staging.auth.eu-central-1.amazoncognito.com",
  cognitoOrigin: "http://127.0.0.1:9001",
  table: { endpoint: "http://127.0.0.1:9002/{region}", regions: ["eu-central-1", "us-east-1"] },
  secretsEndpoint: "http://127.0.0.1:9003/",
});

describe("localUrl", () => {
  it.each([
    ["https://127.0.0.1:8123/_identity/auth", "http://127.0.0.1:8123/_identity/auth"],
    [
      "https://edge-gate-staging.auth.eu-central-1.amazoncognito.com/oauth2/token",
      "http://127.0.0.1:9001/oauth2/token",
    ],
    [
      "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_EdgeGateLocal/.well-known/jwks.json",
      "http://127.0.0.1:9001/eu-central-1_EdgeGateLocal/.well-known/jwks.json",
    ],
    ["https://dynamodb.{region}.amazonaws.com", "http://127.0.0.1:9002/{region}"],
    ["https://dynamodb.us-east-1.amazonaws.com", "http://127.0.0.1:9002/us-east-1"],
    ["https://secretsmanager.eu-central-1.amazonaws.com", "http://127.0.0.1:9003"],
    ["http://127.0.0.1:5555/anything", "http://127.0.0.1:5555/anything"],
  ])("%s -> %s", (url, local) => {
    expect(localUrl(url, map)).toBe(local);
  });

  it.each([
    "https://dynamodb.ap-south-1.amazonaws.com",
    "https://sts.amazonaws.com",
    "https://example.com/",
    "not a url",
  ])("refuses %s: a local run never calls out", (url) => {
    expect(() => localUrl(url, map)).toThrow(`no local stand-in for ${url}`);
  });
});

describe("localContentSecurityPolicy", () => {
  it("points the hosted UI's origin at the stand-in, in every directive, and keeps the rest", () => {
    const policy =
      "default-src 'self'; connect-src 'self' https://edge-gate-staging.auth.eu-central-1.amazoncognito.com https://api.example.com; form-action 'self' https://edge-gate-staging.auth.eu-central-1.amazoncognito.com";
    expect(localContentSecurityPolicy(policy, map)).toBe(
      "default-src 'self'; connect-src 'self' http://127.0.0.1:9001 https://api.example.com; form-action 'self' http://127.0.0.1:9001",
    );
  });

  it("uses the origin only, for a stand-in reached under a path", () => {
    expect(
      localContentSecurityPolicy("connect-src https://dynamodb.us-east-1.amazonaws.com", map),
    ).toBe("connect-src http://127.0.0.1:9002");
  });
});
