// The local edge's port: checked before anything starts, so that a port in
// use is one clear message rather than a failure half-way through the start.
import * as net from "node:net";
import { PortInUseError, listenOnLoopback } from "../loopback-server";

/** The port is taken: the CLI names it and the --port flag (the edge's own error, one class). */
export { PortInUseError };

/** Listens on 127.0.0.1:`port` (0: any) and lets go; resolves to the port, or rejects with PortInUseError. */
export async function claimPort(port: number): Promise<number> {
  const server = net.createServer();
  const bound = await listenOnLoopback(server, port);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

/** Whether `err` says a port was in use, as a PortInUseError from the runner or the edge. */
export function portInUse(err: unknown): number | undefined {
  const { name, port } = (err ?? {}) as { name?: unknown; port?: unknown };
  return name === "PortInUseError" && typeof port === "number" ? port : undefined;
}
