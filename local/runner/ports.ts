// The local edge's port: claimed before anything starts, so that a port in
// use is one clear message rather than a failure half-way through the start,
// and held until the edge listens on it. Released at once, it could be handed
// to any server that asks for a free port meanwhile (the run's own stand-ins,
// a parallel run's), and the edge would then fail to start.
import * as net from "node:net";
import { PortInUseError, listenOnLoopback } from "../loopback-server";

/** The port is taken: the CLI names it and the --port flag (the edge's own error, one class). */
export { PortInUseError };

/** A port on 127.0.0.1 kept listening until `release`, which may be called more than once. */
export interface HeldPort {
  port: number;
  release(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: any) and keeps it; rejects with PortInUseError. */
export async function holdPort(port: number): Promise<HeldPort> {
  const server = net.createServer();
  const bound = await listenOnLoopback(server, port);
  let released: Promise<void> | undefined;
  return {
    port: bound,
    release: () => (released ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

/** Whether `err` says a port was in use, as a PortInUseError from the runner or the edge. */
export function portInUse(err: unknown): number | undefined {
  const { name, port } = (err ?? {}) as { name?: unknown; port?: unknown };
  return name === "PortInUseError" && typeof port === "number" ? port : undefined;
}
