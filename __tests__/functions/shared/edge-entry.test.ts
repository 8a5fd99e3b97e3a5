// The Lambda@Edge entry both viewer-request functions share: config read
// once per instance, and nothing escapes it.
import { edgeEntry } from "../../../functions/shared/edge-entry";

const UNAVAILABLE = {
  status: "503",
  body: JSON.stringify({ error: "temporarily_unavailable" }),
};

it("makes the handler once, on the first event, and hands it every event", async () => {
  const made: unknown[] = [];
  const handler = edgeEntry((config) => {
    made.push(config);
    return async (event) => ({ answered: event });
  });
  expect(made).toEqual([]);
  expect(await handler("first")).toEqual({ answered: "first" });
  expect(await handler("second")).toEqual({ answered: "second" });
  // No config.json beside this module: createHandler is given undefined, and refuses.
  expect(made).toEqual([undefined]);
});

it("answers 503 when making the handler throws, and tries again on the next event", async () => {
  let calls = 0;
  const handler = edgeEntry<{ ok: true }>(() => {
    calls++;
    if (calls === 1) throw new Error("setup failed");
    return async () => ({ ok: true });
  });
  expect(await handler({})).toMatchObject(UNAVAILABLE);
  expect(await handler({})).toEqual({ ok: true });
});

it("answers 503 when the handler throws instead of answering", async () => {
  const handler = edgeEntry(() => () => {
    throw new Error("a handler that broke its promise");
  });
  expect(await handler({})).toMatchObject(UNAVAILABLE);
});
