// The two peers issue 16 measured edge-gate against, built and fed as it
// describes them: aws-samples' cloudfront-authorization-at-edge `check-auth`
// (its source, unchanged, in scripts/bench/peers/aws-samples) and awslabs'
// cognito-at-edge 1.5.5 (`Authenticator.handle`). Each is bundled here with
// esbuild (aws-samples ships a webpack build: same code, other minifier),
// with the versions of its dependencies it pins (aws-jwt-verify 2, cookie
// 0.7), reads its config file, has the bench's JWKS preloaded and gets the
// token it checks: a Cognito ID token in the Amplify cookies, signed with
// the bench's key for the bench's user pool.
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { esbuildTarget } from "../../stacks/bundle";
import { EDGE_RUNTIME } from "../../stacks/edge-function";
import { CLIENT_ID, nowSeconds, signRs256, TEST_SUB } from "../../__tests__/support/jwt-fixtures";
import { config, ISSUER, key } from "./bearer-fixtures";
import { asDelivered, viewerRequestEvent, type ViewerEvent } from "./viewer-event";

export const PEER_NAMES = ["aws-samples", "cognito-at-edge"] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface PeerBuild {
  /** index.js: the peer's viewer-request handler, bundled, minified. */
  code: string;
  /** What its handler reads beside index.js. */
  files: Record<string, string>;
}

const PEERS_DIR = path.resolve(__dirname, "peers");
const USER_POOL_ID = ISSUER.slice(ISSUER.lastIndexOf("/") + 1);
const REGION = USER_POOL_ID.split("_")[0];
const HOSTED_UI_DOMAIN = `bench.auth.${REGION}.amazoncognito.com`;

function bundled(entry: string, alias: Record<string, string> = {}): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    // The runtime edge-gate's own edge bundles are built for.
    target: esbuildTarget(EDGE_RUNTIME),
    minify: true,
    write: false,
    logLevel: "silent",
    loader: { ".html": "text" },
    alias,
  });
  return result.outputFiles[0].text;
}

/** check-auth's configuration.json: the fields its config loader requires, logging off. */
function awsSamplesConfiguration(): string {
  return JSON.stringify({
    logLevel: "none",
    httpHeaders: {},
    userPoolArn: `arn:aws:cognito-idp:${REGION}:123456789012:userpool/${USER_POOL_ID}`,
    jwks: config.jwks,
    clientId: CLIENT_ID,
    oauthScopes: ["openid"],
    cognitoAuthDomain: HOSTED_UI_DOMAIN,
    redirectPathSignIn: "/parseauth",
    redirectPathSignOut: "/",
    signOutUrl: "/signout",
    redirectPathAuthRefresh: "/refreshauth",
    cookieSettings: {},
    mode: "spaMode",
    clientSecret: "",
    nonceSigningSecret: "bench-nonce-signing-secret",
    cookieCompatibility: "amplify",
    additionalCookies: {},
    requiredGroup: "",
  });
}

function cognitoAtEdgeConfig(): string {
  return JSON.stringify({
    authenticator: {
      region: REGION,
      userPoolId: USER_POOL_ID,
      userPoolAppId: CLIENT_ID,
      userPoolDomain: HOSTED_UI_DOMAIN,
    },
    jwks: config.jwks,
  });
}

export function peerBuild(name: PeerName): PeerBuild {
  if (name === "aws-samples") {
    return {
      code: bundled(path.join(PEERS_DIR, "aws-samples/check-auth/index.ts"), {
        "aws-jwt-verify": "aws-jwt-verify-v2",
        cookie: "cookie-v0",
      }),
      files: { "configuration.json": awsSamplesConfiguration() },
    };
  }
  return {
    code: bundled(path.join(PEERS_DIR, "cognito-at-edge-entry.ts")),
    files: { "config.json": cognitoAtEdgeConfig() },
  };
}

/** A fresh Cognito ID token for the bench's user (new jti), with `overrides`. */
export function idToken(overrides: Record<string, unknown> = {}): string {
  const now = nowSeconds();
  return signRs256(key, {
    sub: TEST_SUB,
    "cognito:groups": ["readers"],
    iss: ISSUER,
    aud: CLIENT_ID,
    token_use: "id",
    auth_time: now,
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    "cognito:username": "alice",
    email: "alice@example.com",
    email_verified: true,
    ...overrides,
  });
}

/**
 * A viewer request for the user's file with `token` in the Amplify cookies
 * both peers read, as the Lambda runtime hands it over.
 */
export function cookieEvent(token: string): ViewerEvent {
  const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
  return asDelivered(
    viewerRequestEvent(`/users/${TEST_SUB}/report.pdf`, {
      cookie: [
        { key: "Cookie", value: `${prefix}.LastAuthUser=alice; ${prefix}.alice.idToken=${token}` },
      ],
      accept: [{ key: "Accept", value: "application/pdf" }],
    }),
  );
}
