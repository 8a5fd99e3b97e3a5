// The JWKS fetcher's cap on what it reads: a JWKS is about 1 KB, so an
// answer past 64 KB is refused as it arrives, at the header that announces
// it or at the byte that crosses the cap, never read to its end first. The
// time limit is generous throughout: each refusal here comes from the cap,
// and a fetcher that waited for the end would wait out the limit.
import { createJsonFetcher, FetchFailedError } from "../../../functions/shared/json-fetcher";
import { oversizedBodyServers } from "../../support/oversized-body-server";
import { GENEROUS_TIMEOUT_MS } from "../../support/timing-harness";

const CAP = 64 * 1024;
const startServer = oversizedBodyServers();

const fetcher = () => createJsonFetcher(GENEROUS_TIMEOUT_MS);

it("refuses a body that never ends once it passes 64 KB, and lets its connection go", async () => {
  const server = await startServer({ kind: "endless" });
  const fetched = fetcher().fetch(server.url);
  await expect(fetched).rejects.toThrow(FetchFailedError);
  await expect(fetched).rejects.toThrow("body too large");
  // Not held open until the time limit: the fetcher closed it.
  await server.answersClosed();
});

it("refuses an answer whose Content-Length is past 64 KB before any of its body", async () => {
  const server = await startServer({ kind: "declared", bytes: 10 * 1024 * 1024 });
  await expect(fetcher().fetch(server.url)).rejects.toThrow("body too large");
  await server.answersClosed();
});

it("takes a body of exactly 64 KB, whole, and refuses one byte more", async () => {
  // Three-byte characters across chunk boundaries: the bytes come back as sent.
  const text = `${"\u20ac".repeat(21_000)}${"x".repeat(CAP - 63_000)}`;
  const whole = await startServer({ kind: "text", text });
  const body = Buffer.from(await fetcher().fetch(whole.url));
  expect(body.byteLength).toBe(CAP);
  expect(body.equals(Buffer.from(text))).toBe(true);

  const over = await startServer({ kind: "text", text: `${text}x` });
  await expect(fetcher().fetch(over.url)).rejects.toThrow("body too large");
});
