// Query strings as the viewer sent them: split into raw name and value at
// the first "=" (a value may hold more), and decoded without ever throwing,
// since a malformed escape is the viewer's mistake, not the emulator's.

/** One `name=value` part split at its first "="; the value is "" without one. */
export function splitQueryPart(part: string): [string, string] {
  const eq = part.indexOf("=");
  return eq === -1 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
}

/** The raw [name, value] parts of a query string, empty parts left out. */
export function queryParts(querystring: string): [string, string][] {
  return querystring
    .split("&")
    .filter((part) => part !== "")
    .map(splitQueryPart);
}

/** A query component decoded ("+" is a space); kept as sent when it holds a malformed escape. */
export function decodeQueryComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
