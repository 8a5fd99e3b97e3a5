// The local run's servers on 127.0.0.1 (the edge, its parameter store, the
// stand-ins): binding one (a port in use becomes PortInUseError, which the
// runner and the CLI name), reading a request body, and closing a server
// with its keep-alive connections.
import type * as http from "node:http";
import type * as net from "node:net";

/** The port is taken (or not ours to take): callers name it and how to choose another. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 is in use`);
    this.name = "PortInUseError";
  }
}

/** Listens on 127.0.0.1:`port` (0: any free port); resolves to the bound port. */
export async function listenOnLoopback(server: net.Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      const taken = err.code === "EADDRINUSE" || err.code === "EACCES";
      reject(taken ? new PortInUseError(port) : err);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, "127.0.0.1");
  });
  return (server.address() as net.AddressInfo).port;
}

/** A request's whole body. */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Stops `server` and drops its open connections; resolves once it is closed (at once if it never listened). */
export async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  if (!server.listening) return;
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
