// An HTTP server on 127.0.0.1 (port 0) whose every answer is a 200 with a
// body that may be too large to be what the client asked for: one that never
// ends, one whose Content-Length promises more than the client takes and then
// never comes, or a given text. A client that caps what it reads must give
// up at its cap; one that waits for the end waits for ever.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type OversizedBody =
  /** Chunks of JSON-looking text, sent as fast as the client reads them, never ending. */
  | { kind: "endless" }
  /** A Content-Length header of `bytes`, then silence: no byte of the body is sent. */
  | { kind: "declared"; bytes: number }
  /** `text` in UTF-8, without a Content-Length, then the end. */
  | { kind: "text"; text: string };

export interface OversizedBodyServer {
  /** http://127.0.0.1:<port>/ (any path answers alike) */
  url: string;
  /** Bytes of body written so far, over every answer. */
  bytesSent: () => number;
  /** Resolves once the connection of every answer so far has closed (the client let go). */
  answersClosed: () => Promise<void>;
  close: () => Promise<void>;
}

const CHUNK = Buffer.alloc(16 * 1024, " ");

export async function startOversizedBodyServer(body: OversizedBody): Promise<OversizedBodyServer> {
  let sent = 0;
  const closings: Promise<void>[] = [];
  const server = http.createServer((req, res) => {
    closings.push(new Promise((resolve) => res.socket?.once("close", () => resolve())));
    // Drain whatever the client posts; only the answer matters here.
    req.resume();
    if (body.kind === "declared") {
      res.writeHead(200, { "content-type": "application/json", "content-length": body.bytes });
      res.flushHeaders();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    if (body.kind === "text") {
      const bytes = Buffer.from(body.text);
      sent += bytes.length;
      res.end(bytes);
      return;
    }
    // Written only as fast as the client reads, so the server never buffers
    // more than a socket's worth; it stops when the client goes away.
    const pump = () => {
      while (!res.destroyed) {
        sent += CHUNK.length;
        if (!res.write(CHUNK)) {
          res.once("drain", pump);
          return;
        }
      }
    };
    sent += 1;
    res.write("[");
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    bytesSent: () => sent,
    answersClosed: async () => {
      await Promise.all(closings);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts servers for the tests of the calling file: each server started in
 * a test is closed after it.
 */
export function oversizedBodyServers(): (body: OversizedBody) => Promise<OversizedBodyServer> {
  const open: OversizedBodyServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (body) => {
    const server = await startOversizedBodyServer(body);
    open.push(server);
    return server;
  };
}
