// Where an environment keeps its Terraform state: a local file (default, for
// trying things) or S3 with S3-native locking.
import * as path from "node:path";
import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { Environment } from "../environments/schema";

/** Terraform runs in cdktf.out/stacks/<env>/; local state paths are relative to the project root. */
const STACK_DIR_TO_PROJECT = "../../..";

export function configureBackend(stack: TerraformStack, env: Environment): void {
  const backend = env.backend;
  if (backend.type === "local") {
    const statePath = backend.path ?? `state/${env.name}.tfstate`;
    // A relative path: an absolute one would bake this machine's layout into cdk.tf.json.
    new LocalBackend(stack, { path: path.posix.join(STACK_DIR_TO_PROJECT, statePath) });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: true,
  });
  // cdktf 0.21's S3Backend predates Terraform's `use_lockfile`.
  if (backend.useLockfile) s3.addOverride("use_lockfile", true);
}
