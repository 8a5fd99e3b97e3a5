// Which URLs a function's config may point it at: https anywhere, plain http
// only to a loopback host (a local issuer or stand-in never crosses a
// network), never with credentials in the URL. Shared by the config checks
// of the bearer-JWT gate and the cookie issuer.

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isServiceUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}
