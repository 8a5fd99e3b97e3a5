// `npm run edge-log-retention`: the shipped CLI in a child process against
// the CloudWatch Logs stand-in on loopback, its pure decisions directly, and
// its function names against the synthesized stacks.
import { execFile } from "node:child_process";
import * as path from "node:path";
import {
  EDGE_CACHE_REGIONS,
  describeLogsError,
  edgeFunctionNames,
  parseRegions,
  parseTimeouts,
  retentionDays,
} from "../../scripts/edge-log-retention/plan";
import {
  startCloudWatchLogsStandIn,
  type CloudWatchLogsStandIn,
} from "../support/cloudwatch-logs-stand-in";
import { removeTestingOutdirs, shippedEnvironment, synthesize } from "../support/synth";
import { GENEROUS_TIMEOUT_MS } from "../support/timing-harness";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "scripts/edge-log-retention.ts");

const DEV_GROUP = "/aws/lambda/us-east-1.dev-bearer-jwt";

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let standIn: CloudWatchLogsStandIn;
beforeEach(async () => {
  standIn = await startCloudWatchLogsStandIn();
});
afterEach(async () => {
  await standIn.close();
});
afterAll(removeTestingOutdirs);

/** The CLI with dummy credentials, the stand-in as endpoint and a generous limit unless told. */
function run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, CLI, ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
          AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          AWS_REGION: "eu-west-1",
          AWS_EC2_METADATA_DISABLED: "true",
          EDGE_GATE_LOGS_ENDPOINT: standIn.endpoint,
          EDGE_GATE_LOGS_TIMEOUT_MS: String(GENEROUS_TIMEOUT_MS),
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const lines = (text: string) => text.split("\n").filter(Boolean);

describe("edge-log-retention CLI", () => {
  it("sets retention where it is missing or different and leaves an equal one alone", async () => {
    standIn.addLogGroup("eu-west-1", DEV_GROUP);
    standIn.addLogGroup("us-east-1", DEV_GROUP, 7);
    standIn.addLogGroup("ap-south-1", DEV_GROUP, 30);
    // Longer names under the same prefix are other functions' groups: never touched.
    standIn.addLogGroup("eu-west-1", `${DEV_GROUP}-old`);

    const result = await run(["dev", "--regions", "eu-west-1,us-east-1,ap-south-1"]);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(lines(result.stdout)).toEqual([
      `eu-west-1: ${DEV_GROUP}: retention 30 days (was never expire)`,
      `us-east-1: ${DEV_GROUP}: retention 30 days (was 7 days)`,
      `ap-south-1: ${DEV_GROUP}: retention 30 days (unchanged)`,
    ]);
    expect(standIn.puts()).toEqual(
      expect.arrayContaining([
        { region: "eu-west-1", logGroupName: DEV_GROUP, retentionInDays: 30 },
        { region: "us-east-1", logGroupName: DEV_GROUP, retentionInDays: 30 },
      ]),
    );
    expect(standIn.puts()).toHaveLength(2);
    expect(standIn.retention("eu-west-1", `${DEV_GROUP}-old`)).toBe("never");
  });

  it("uses --days and finds the group past empty pages (session-cookie: the checker's group)", async () => {
    const group = "/aws/lambda/us-east-1.staging-session-checker";
    standIn.leadingEmptyPages = 2;
    standIn.pageSize = 1;
    standIn.addLogGroup("eu-north-1", group, 30);

    const result = await run(["staging", "--regions", "eu-north-1", "--days", "90"]);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(lines(result.stdout)).toEqual([`eu-north-1: ${group}: retention 90 days (was 30 days)`]);
    expect(standIn.retention("eu-north-1", group)).toBe(90);
  });

  it("reports a region without the group", async () => {
    standIn.addLogGroup("eu-west-2", DEV_GROUP, 30);
    const result = await run(["dev", "--regions", "eu-west-2,sa-east-1"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(lines(result.stdout)).toEqual([
      `eu-west-2: ${DEV_GROUP}: retention 30 days (unchanged)`,
      `sa-east-1: ${DEV_GROUP}: no log group (the function has not run here)`,
    ]);
  });

  it("--dry-run reports and writes nothing", async () => {
    standIn.addLogGroup("eu-west-1", DEV_GROUP);
    standIn.addLogGroup("us-east-1", DEV_GROUP, 30);
    const result = await run(["dev", "--regions", "eu-west-1,us-east-1", "--dry-run"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(lines(result.stdout)).toEqual([
      `eu-west-1: ${DEV_GROUP}: would set retention 30 days (now never expire)`,
      `us-east-1: ${DEV_GROUP}: retention 30 days (unchanged)`,
    ]);
    expect(standIn.puts()).toEqual([]);
    expect(standIn.retention("eu-west-1", DEV_GROUP)).toBe("never");
  });

  it.each([
    ["deny-describe", "DescribeLogGroups", "logs:DescribeLogGroups"],
    ["deny-put", "PutRetentionPolicy", "logs:PutRetentionPolicy"],
  ] as const)(
    "access denied (%s) gives one line naming the IAM action and exit 1",
    async (fault, operation, action) => {
      standIn.addLogGroup("eu-west-1", DEV_GROUP);
      standIn.addLogGroup("us-west-2", DEV_GROUP);
      standIn.faults.set("eu-west-1", fault);

      const result = await run(["dev", "--regions", "eu-west-1,us-west-2"]);

      expect(result.code).toBe(1);
      expect(lines(result.stdout)).toEqual([
        `eu-west-1: error: access denied (${operation}): your AWS identity needs ${action} on the log group in eu-west-1`,
        `us-west-2: ${DEV_GROUP}: retention 30 days (was never expire)`,
      ]);
      expect(lines(result.stderr)).toEqual([
        "edge-log-retention: 1 of 2 regions failed; run again once fixed (regions already set are left alone)",
      ]);
      expect(standIn.retention("eu-west-1", DEV_GROUP)).toBe("never");
    },
  );

  it("reports a region that never answers within its limit; the others still succeed", async () => {
    // The stand-in accepts eu-west-3's requests and never answers: only the
    // injected 300 ms limit can end them, however busy the machine is.
    standIn.faults.set("eu-west-3", "hang");
    for (const region of ["us-east-1", "eu-central-1", "ca-central-1"])
      standIn.addLogGroup(region, DEV_GROUP);

    const result = await run(
      ["dev", "--regions", "us-east-1,eu-west-3,eu-central-1,ca-central-1"],
      {
        EDGE_GATE_LOGS_TIMEOUT_MS: `${GENEROUS_TIMEOUT_MS},eu-west-3=300`,
      },
    );

    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      `us-east-1: ${DEV_GROUP}: retention 30 days (was never expire)`,
      `eu-west-3: error: no answer from ${standIn.endpoint} within 300 ms (DescribeLogGroups)`,
      `eu-central-1: ${DEV_GROUP}: retention 30 days (was never expire)`,
      `ca-central-1: ${DEV_GROUP}: retention 30 days (was never expire)`,
    ]);
    expect(result.stderr).toContain("1 of 4 regions failed");
  });

  it("says there is nothing to do for a signed-cookie environment", async () => {
    const result = await run(["partners"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      "partners runs no Lambda@Edge function (signed-cookie mode): nothing to do\n",
    );
  });

  it("--help prints the usage and calls nothing", async () => {
    const result = await run(["--help"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: npm run edge-log-retention -- <env> \[--days N\]/);
  });

  it("an unknown environment lists the valid names", async () => {
    const result = await run(["nope"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'edge-log-retention: no environment "nope"; environments: dev, partners, prod, staging\n',
    );
  });

  it.each([
    [["dev", "--days", "31"], /--days must be one of CloudWatch Logs' retention periods: 1, 3, 5/],
    [["dev", "--days", "x"], /--days must be a whole number, at least 1; got "x"/],
    [["dev", "--regions", "mars-1"], /--regions: "mars-1" is not an AWS region name/],
    [[], /missing <env> \(npm run edge-log-retention -- --help\)/],
  ])("refuses %j in one line", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(standIn.puts()).toEqual([]);
  });
});

describe("edge-log-retention decisions", () => {
  it("defaults to the environment's logging.retentionDays", () => {
    expect(retentionDays({ logging: { retentionDays: 90 } as never }, undefined)).toBe(90);
    expect(retentionDays({ logging: { retentionDays: 90 } as never }, 14)).toBe(14);
    expect(() => retentionDays({ logging: { retentionDays: 90 } as never }, 2)).toThrow(
      /retention periods/,
    );
  });

  it("visits every region with a regional edge cache by default, each once", () => {
    expect(EDGE_CACHE_REGIONS).toHaveLength(17);
    expect(new Set(EDGE_CACHE_REGIONS).size).toBe(17);
    expect(parseRegions(" eu-west-1,eu-west-1 ,us-east-1")).toEqual(["eu-west-1", "us-east-1"]);
    expect(() => parseRegions(",")).toThrow(/at least one region/);
  });

  it("reads per-region time limits and refuses a malformed one", () => {
    const limit = parseTimeouts("5000,eu-west-3=200");
    expect([limit("eu-west-3"), limit("us-east-1")]).toEqual([200, 5000]);
    expect(parseTimeouts(undefined)("us-east-1")).toBeUndefined();
    expect(() => parseTimeouts("eu-west-3=0")).toThrow(/EDGE_GATE_LOGS_TIMEOUT_MS/);
  });

  it("names the action AWS denied even when its message is unusual", () => {
    const denied = Object.assign(new Error("User is not authorized to perform: logs:X"), {
      name: "SomethingElse",
    });
    expect(describeLogsError(denied, "PutRetentionPolicy", "eu-west-1", { timeoutMs: 1 })).toBe(
      "eu-west-1: error: access denied (PutRetentionPolicy): your AWS identity needs logs:PutRetentionPolicy on the log group in eu-west-1",
    );
  });
});

describe("edge function names match the synthesized stacks", () => {
  /** The function_name of every Lambda function CloudFront associates with a cache behaviour. */
  function associatedFunctionNames(envName: string): string[] {
    const { json } = synthesize(shippedEnvironment(envName));
    const functions = json.resource.aws_lambda_function ?? {};
    const distributions = Object.values(json.resource.aws_cloudfront_distribution ?? {});
    const names = new Set<string>();
    for (const distribution of distributions) {
      const behaviours = [
        distribution.default_cache_behavior,
        ...((distribution.ordered_cache_behavior as unknown[]) ?? []),
      ] as { lambda_function_association?: { lambda_arn: string }[] }[];
      for (const association of behaviours.flatMap((b) => b.lambda_function_association ?? [])) {
        const id = /^\$\{aws_lambda_function\.([\w-]+)\.qualified_arn\}$/.exec(
          association.lambda_arn,
        )?.[1];
        if (id === undefined) throw new Error(`unexpected lambda_arn ${association.lambda_arn}`);
        names.add(String(functions[id].function_name));
      }
    }
    return [...names].sort();
  }

  it.each(["dev", "staging", "partners"])("%s", (envName) => {
    expect(edgeFunctionNames(shippedEnvironment(envName))).toEqual(
      associatedFunctionNames(envName),
    );
  });

  it("covers every protection mode", () => {
    expect(
      ["dev", "staging", "partners"].map((n) => shippedEnvironment(n).protection.mode),
    ).toEqual(["bearer-jwt", "session-cookie", "signed-cookie"]);
  });
});
