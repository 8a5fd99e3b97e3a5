// The CloudFront public keys of a signed-cookie environment and the key group
// CloudFront checks signed cookies against, in us-east-1 (CloudFront's API
// region). Only public halves reach Terraform: private keys stay in Secrets
// Manager (docs/decisions/0006-secrets-out-of-state.md).
import { Construct } from "constructs";
import { CloudfrontKeyGroup } from "@cdktf/provider-aws/lib/cloudfront-key-group";
import { CloudfrontPublicKey } from "@cdktf/provider-aws/lib/cloudfront-public-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { SigningKeySettings } from "../environments/schema/signed-cookie";
import type { Naming } from "./naming";

export interface SigningKeysProps {
  /** Validated keys: exactly one active, PEMs already read and checked. */
  keys: SigningKeySettings[];
  naming: Naming;
  /** The us-east-1 provider. */
  provider: AwsProvider;
}

export class SigningKeys extends Construct {
  readonly keyGroup: CloudfrontKeyGroup;
  /** CloudFront public keys by their id in the environment file. */
  readonly publicKeys: ReadonlyMap<string, CloudfrontPublicKey>;
  /** The key new cookies are signed with, and its CloudFront public key (the Key-Pair-Id). */
  readonly active: { settings: SigningKeySettings; publicKey: CloudfrontPublicKey };

  constructor(scope: Construct, id: string, props: SigningKeysProps) {
    super(scope, id);
    const { keys, naming, provider } = props;

    // Every configured key stays trusted, not only the active one: cookies
    // signed before a rotation keep working until they expire.
    const publicKeys = new Map<string, CloudfrontPublicKey>();
    for (const key of keys) {
      publicKeys.set(
        key.id,
        new CloudfrontPublicKey(this, `public-key-${key.id}`, {
          provider,
          name: naming.resource(key.id),
          encodedKey: key.publicKeyPem,
          comment: `Public half of the ${naming.resource(key.id)} cookie-signing key (edge-gate)`,
        }),
      );
    }
    this.publicKeys = publicKeys;

    this.keyGroup = new CloudfrontKeyGroup(this, "key-group", {
      provider,
      name: naming.resource("signing-keys"),
      comment: "Keys whose signed cookies CloudFront accepts (edge-gate)",
      items: [...publicKeys.values()].map((k) => k.id),
    });

    const active = keys.find((k) => k.active);
    if (!active) throw new Error("no active signing key (the schema requires exactly one)");
    this.active = { settings: active, publicKey: publicKeys.get(active.id)! };
  }
}
