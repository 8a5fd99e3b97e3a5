// The one test every hand-written validator here starts from: a JSON object,
// not null and not an array.

/** Whether `value` is a plain object whose fields can be read by name. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
