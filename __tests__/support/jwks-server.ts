// A JWKS endpoint on 127.0.0.1 (port 0) that counts its requests and can be
// told to fail, stall or serve another key set: the issuer side of key
// rotation and outages, over real HTTP.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type JwksBehaviour =
  { kind: "serve"; jwks: unknown } | { kind: "status"; status: number } | { kind: "stall" };

export interface JwksServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** An issuer URL on this server, Cognito-shaped: <origin>/<pool id>. */
  issuer: string;
  /** <issuer>/.well-known/jwks.json */
  jwksUri: string;
  /** Requests received so far. */
  requests: () => number;
  behave: (behaviour: JwksBehaviour) => void;
  close: () => Promise<void>;
}

export async function startJwksServer(initial: JwksBehaviour): Promise<JwksServer> {
  let behaviour = initial;
  let count = 0;
  const server = http.createServer((_req, res) => {
    count += 1;
    if (behaviour.kind === "stall") return; // never answers; the client must time out
    if (behaviour.kind === "status") {
      res.writeHead(behaviour.status, { "content-type": "application/json" });
      res.end('{"message":"unavailable"}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(behaviour.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/us-east-1_EdgeGate1`;
  return {
    origin,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    requests: () => count,
    behave: (next) => {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens (a port that was just released). */
export async function unusedOrigin(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
