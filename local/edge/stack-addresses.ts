// How cdk.tf.json names resources: `${type.name.attribute}` references,
// addresses (type and name) and the look-up of the block an address names,
// failing with a message that names the resource when the stack lacks it.
import type { Block } from "./json-shapes";

export interface StackJson {
  provider?: Record<string, Block[]>;
  resource: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
}

/** A resource address: type and name, as references spell them. */
export interface Address {
  type: string;
  name: string;
}

export class StackModelError extends Error {}

/** `${type.name.attribute}`: a reference to one resource's attribute. */
export const REFERENCE = /^\$\{([\w-]+)\.([\w-]+)\.([\w-]+)\}$/;

/** The resource a `${type.name.attribute}` reference names (no data sources). */
export function referencedAddress(value: unknown, where: string): Address {
  const m = typeof value === "string" ? REFERENCE.exec(value) : null;
  if (m === null) {
    throw new StackModelError(
      `${where}: expected a reference to a resource, got ${JSON.stringify(value)}`,
    );
  }
  return { type: m[1], name: m[2] };
}

export const addressText = (a: Address): string => `${a.type}.${a.name}`;

export function resourceAt(json: StackJson, address: Address, where: string): Block {
  const found = json.resource[address.type]?.[address.name];
  if (found === undefined)
    throw new StackModelError(`${where}: no resource ${addressText(address)}`);
  return found;
}
