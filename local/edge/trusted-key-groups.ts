// The trusted key groups of the distribution's behaviours: the id each
// public key has (the runner's value for its `id` attribute, else a local
// one) and the key itself (the runner's PEM for its name, else the stack's
// encoded_key), as CloudFront's signed check looks keys up.
import { createHash } from "node:crypto";
import { keyGroupOf, type KeyGroup } from "./signed-access";
import { addressText, type StackModel } from "./stack-model";

/**
 * The id a CloudFront public key gets when the runner does not name one:
 * stable per name, and shaped like AWS's ("K" and 13 upper-case hex digits).
 */
export function localPublicKeyId(name: string): string {
  const digest = createHash("sha256").update(name).digest("hex").toUpperCase();
  return `K${digest.slice(0, 13)}`;
}

/** Public key id by aws_cloudfront_public_key address, for every key in a trusted key group. */
export function trustedKeyIds(
  model: StackModel,
  resolveReference: (reference: string) => string | undefined,
): Map<string, string> {
  const ids = new Map<string, string>();
  for (const b of model.behaviours) {
    for (const key of b.trustedKeyGroup?.keys ?? []) {
      const id = resolveReference(`${addressText(key.address)}.id`) ?? localPublicKeyId(key.name);
      ids.set(addressText(key.address), id);
    }
  }
  return ids;
}

/** Each trusted key group by its address, with its keys under their ids. */
export function trustedKeyGroups(
  model: StackModel,
  keyIds: ReadonlyMap<string, string>,
  publicKeyOverrides: Record<string, string> = {},
): Map<string, KeyGroup> {
  const groups = new Map<string, KeyGroup>();
  for (const b of model.behaviours) {
    const group = b.trustedKeyGroup;
    if (group === null) continue;
    groups.set(
      addressText(group.address),
      keyGroupOf(
        group.keys.map((k) => [
          keyIds.get(addressText(k.address))!,
          publicKeyOverrides[k.name] ?? k.encodedKey,
        ]),
      ),
    );
  }
  return groups;
}
