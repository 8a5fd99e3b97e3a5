// boundedPost picks its transport by the URL's scheme, loading each on first
// use: an https URL must still speak TLS, a plain-http one plain HTTP.
import * as net from "node:net";
import { boundedPost, PostFailedError, TimeLimit } from "../../../functions/shared/bounded-post";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";

/** A TCP server that keeps the first bytes of each connection and hangs up. */
async function firstBytesServer(): Promise<{
  port: number;
  first: Promise<Buffer>;
  close: () => Promise<void>;
}> {
  let received!: (bytes: Buffer) => void;
  const first = new Promise<Buffer>((resolve) => (received = resolve));
  const server = net.createServer((socket) => {
    socket.once("data", (bytes) => {
      received(bytes);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, first, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function postTo(scheme: "http" | "https"): Promise<{ bytes: Buffer; error: unknown }> {
  const server = await firstBytesServer();
  const timeLimit = new TimeLimit(GENEROUS_TIMEOUT_MS);
  try {
    const url = new URL(`${scheme}://127.0.0.1:${server.port}/`);
    const error = await boundedPost(url, {}, "{}", { timeLimit, maxBytes: 1024 }).catch((e) => e);
    return { bytes: await server.first, error };
  } finally {
    timeLimit.end();
    await server.close();
  }
}

it("speaks TLS to an https URL", async () => {
  const { bytes, error } = await postTo("https");
  // A TLS record of type handshake (22) opens the connection: the ClientHello.
  expect(bytes[0]).toBe(0x16);
  expect(error).toEqual(new PostFailedError("network"));
});

it("speaks plain HTTP to an http URL", async () => {
  const { bytes, error } = await postTo("http");
  expect(bytes.toString("latin1")).toMatch(/^POST \/ HTTP\/1\.1\r\n/);
  expect(error).toEqual(new PostFailedError("network"));
});
