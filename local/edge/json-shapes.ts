// Shapes the emulator reads out of parsed JSON: plain records, and the blocks
// of cdk.tf.json, where cdktf writes a nested block either as an object or as
// a one-element list.

export type Block = Record<string, unknown>;

/** A plain object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A nested block, whether written as an object or as a list of one; {} when absent. */
export function block(value: unknown): Block {
  if (typeof value !== "object" || value === null) return {};
  return Array.isArray(value) ? block(value[0]) : (value as Block);
}

/** A repeated block as a list, whether written as a list or a single object. */
export const asList = (value: unknown): Block[] =>
  Array.isArray(value) ? (value as Block[]) : value === undefined ? [] : [value as Block];
