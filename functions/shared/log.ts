// Errors as one JSON line each on stderr, which Lambda sends to CloudWatch
// Logs: a message and its fields, so a metric filter or Logs Insights can
// match on them. Callers pass no credential, cookie or token.

/** Logs `message` with `fields` as one JSON line. */
export function logError(message: string, fields: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ message, ...fields }));
}
