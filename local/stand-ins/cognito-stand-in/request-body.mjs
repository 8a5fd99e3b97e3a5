// Request bodies as the stand-in reads them: whole, and at most 64 KiB.
/* global URLSearchParams, Buffer */

const MAX_FORM_BYTES = 64 * 1024;

export async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error("request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readForm(req) {
  return new URLSearchParams((await readBody(req)).toString("utf8"));
}
