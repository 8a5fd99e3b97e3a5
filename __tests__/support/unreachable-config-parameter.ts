// A deployed regional handler pointed at a config parameter on a port nothing
// listens on: reading its config would fail (503), never refuse, so a refusal
// seen inside `run` was decided before any config was read.
import { CONFIG_PARAMETER_VARIABLE } from "../../functions/shared/config-parameter";
import { unusedOrigin } from "./jwks-server";

export async function withUnreachableConfigParameter(run: () => Promise<void>): Promise<void> {
  const saved = process.env[CONFIG_PARAMETER_VARIABLE];
  process.env[CONFIG_PARAMETER_VARIABLE] = JSON.stringify({
    name: "/edge-gate/test/config",
    region: "eu-west-1",
    endpoint: await unusedOrigin(),
  });
  try {
    await run();
  } finally {
    if (saved === undefined) delete process.env[CONFIG_PARAMETER_VARIABLE];
    else process.env[CONFIG_PARAMETER_VARIABLE] = saved;
  }
}
