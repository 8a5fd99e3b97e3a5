// Reading a fetch answer's body with a cap on its size, for the outbound
// calls whose answers are small by nature (a JWKS, a token response). The cap
// is checked as the body arrives: an answer whose Content-Length is past it
// is refused before any of its body, and one that keeps coming is refused at
// the chunk that crosses it, its connection released. Reading to the end
// first would hold an endless answer for as long as the call's time limit.

/** The answer's body is larger than the caller takes. */
export class BodyTooLargeError extends Error {
  constructor() {
    super("body too large");
    this.name = "BodyTooLargeError";
  }
}

/**
 * `response`'s body, at most `maxBytes` of it. Rejects with
 * BodyTooLargeError past that, and as the body's own reading fails (the
 * call's abort signal, a connection lost) otherwise.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<Blob> {
  const { body } = response;
  const chunks: Uint8Array[] = [];
  if (body === null) return new Blob(chunks);
  if (Number(response.headers.get("content-length")) > maxBytes) {
    // Release the connection: none of the body is of use.
    await body.cancel().catch(() => undefined);
    throw new BodyTooLargeError();
  }
  let size = 0;
  // A throw out of the loop cancels the body, which releases the connection.
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return new Blob(chunks);
}
