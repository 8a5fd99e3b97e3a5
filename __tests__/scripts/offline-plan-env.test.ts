// The environment the offline plan runs Terraform in: nothing that could
// reach a real account or a shared location, and a lighter Go collector.
import { terraformEnv } from "../../scripts/offline-plan/terraform";

describe("terraformEnv", () => {
  it("drops AWS credentials and shared Terraform settings, and names its own CLI config", () => {
    const env = terraformEnv(
      {
        PATH: "/usr/bin",
        AWS_PROFILE: "prod",
        AWS_SECRET_ACCESS_KEY: "secret",
        TF_CLI_ARGS_plan: "-refresh=true",
        TF_DATA_DIR: "/shared",
        TF_PLUGIN_CACHE_DIR: "/cache",
        TF_WORKSPACE: "prod",
        TF_LOG: "info",
      },
      "/work/offline.tfrc",
    );
    expect(env).toEqual({
      PATH: "/usr/bin",
      TF_LOG: "info",
      TF_CLI_CONFIG_FILE: "/work/offline.tfrc",
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      GOGC: "400",
    });
  });

  it("collects Go garbage less often unless the caller chose GOGC", () => {
    expect(terraformEnv({}, "c").GOGC).toBe("400");
    expect(terraformEnv({ GOGC: "100" }, "c").GOGC).toBe("100");
    expect(terraformEnv({ GOGC: "" }, "c").GOGC).toBe("400");
  });
});
