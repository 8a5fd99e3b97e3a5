// The local edge's port is claimed before the run starts anything, and held
// until the edge listens on it. Released at once, it could be handed to any
// server that asks for a free port meanwhile (the run's own stand-ins, a
// parallel run's), and the edge then failed to start with PortInUseError.
import * as net from "node:net";
import { holdPort, PortInUseError } from "../../../local/runner/ports";

/** Whether a server can listen on 127.0.0.1:`port` now (it stops again at once). */
async function canListen(port: number): Promise<boolean> {
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

it("holds the port it claims until it is released", async () => {
  const held = await holdPort(0);
  try {
    expect(held.port).toBeGreaterThan(0);
    expect(await canListen(held.port)).toBe(false);
  } finally {
    await held.release();
  }
  expect(await canListen(held.port)).toBe(true);
  // Releasing twice is harmless (a failed start releases it on the way out too).
  await held.release();
});

it("refuses a port in use with PortInUseError", async () => {
  const first = await holdPort(0);
  try {
    await expect(holdPort(first.port)).rejects.toEqual(new PortInUseError(first.port));
  } finally {
    await first.release();
  }
});
