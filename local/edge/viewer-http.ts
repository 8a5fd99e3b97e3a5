// The edge's HTTP side: a Node request read as the pipeline's ViewerRequest
// (headers as sent, in order, and the size of the request head), the
// pipeline's answer written back, and Node's own refusals of malformed or
// oversized requests answered as CloudFront answers them.
import type * as http from "node:http";
import type { Duplex } from "node:stream";
import type { ViewerRequest, ViewerResponse } from "./pipeline-types";

/** Node's own cap on the header block, above CloudFront's 20 KB so the emulator judges it. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** Bytes of the request line and header lines, as CloudFront's request quota counts them. */
export function headBytes(req: http.IncomingMessage): number {
  let bytes = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`.length;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    bytes +=
      Buffer.byteLength(req.rawHeaders[i]) + 2 + Buffer.byteLength(req.rawHeaders[i + 1]) + 2;
  }
  return bytes;
}

/** The viewer request `req` (whose body has been read) stands for. */
export function viewerRequestOf(req: http.IncomingMessage, body: Buffer): ViewerRequest {
  const headers: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return {
    method: req.method ?? "GET",
    target: req.url ?? "/",
    headers,
    body,
    clientIp: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
    headBytes: headBytes(req),
  };
}

/** Sends `response`; a HEAD answer keeps the length a GET would have and sends no body. */
export function writeViewerResponse(
  res: http.ServerResponse,
  method: string,
  response: ViewerResponse,
): void {
  const headers = response.headers.filter(([n]) => n !== "content-length");
  const length = response.headers.find(([n]) => n === "content-length")?.[1];
  headers.push([
    "content-length",
    method === "HEAD" && length !== undefined ? length : String(response.body.length),
  ]);
  res.writeHead(response.status, response.statusMessage, headers.flat());
  res.end(method === "HEAD" ? undefined : response.body);
}

/** Node's own refusals: an oversized header block is CloudFront's 413, anything malformed 400. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const status =
    err.code === "HPE_HEADER_OVERFLOW" ? "413 Request Entity Too Large" : "400 Bad Request";
  if (socket.writable)
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  else socket.destroy();
}
