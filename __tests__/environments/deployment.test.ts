// The `deployment` block (CI roles): each mistake fails with the file, the
// field and what is allowed, and an environment without it stays valid.
import type { Problem } from "../../environments/schema/load";
import {
  type AnyConfig,
  BROKEN_FILE as FILE,
  problemsOfVariant,
} from "../support/environment-problems";

function problemsOf(change: (env: AnyConfig) => void): Problem[] {
  return problemsOfVariant("prod", change);
}

describe("deployment", () => {
  it("is optional: an environment run only by hand may keep local state", () => {
    expect(
      problemsOf((e) => {
        delete e.deployment;
        e.backend = { type: "local" };
      }),
    ).toEqual([]);
  });

  it("needs shared S3 state: a runner starts with an empty local state", () => {
    expect(problemsOf((e) => (e.backend = { type: "local" }))).toEqual([
      {
        file: FILE,
        field: "backend",
        message: expect.stringMatching(/needs a shared state: backend type "s3"/),
      },
    ]);
  });

  it("takes IAM role ARNs only", () => {
    expect(problemsOf((e) => (e.deployment.planRoleArn = "edge-gate-plan"))).toEqual([
      {
        file: FILE,
        field: "deployment.planRoleArn",
        message: expect.stringMatching(/an IAM role ARN such as arn:aws:iam::123456789012:role\//),
      },
    ]);
    expect(
      problemsOf((e) => (e.deployment.deployRoleArn = "arn:aws:iam::123456789012:user/deployer")),
    ).toHaveLength(1);
  });

  it("refuses a role outside the pinned accounts", () => {
    expect(
      problemsOf((e) => (e.deployment.deployRoleArn = "arn:aws:iam::999999999999:role/x")),
    ).toEqual([
      {
        file: FILE,
        field: "deployment.deployRoleArn",
        message: "a role in one of allowedAccountIds (123456789012); got one in 999999999999",
      },
    ]);
  });

  it("refuses unknown fields, listing the allowed ones", () => {
    expect(problemsOf((e) => (e.deployment.roleArn = "arn:aws:iam::123456789012:role/x"))).toEqual([
      {
        file: FILE,
        field: "deployment",
        message: expect.stringMatching(/unknown field "roleArn".*planRoleArn, deployRoleArn/),
      },
    ]);
  });
});
