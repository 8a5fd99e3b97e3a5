// What the CI roles need for the login functions' origin: function URLs and
// their permissions, the config parameters (by their fixed names), the
// CloudFront Function of signed-cookie mode, and, for the upgrade, deleting
// the HTTP API the function URLs replace.
import { loadEnvironments } from "../../environments/schema/load";
import { rolePolicies, type PolicyDocument } from "../../scripts/iam-policy/policy";
import { synthesize } from "../support/synth";

const environments = new Map(loadEnvironments().map((env) => [env.name, env]));
const policiesOf = (name: string) => {
  const env = environments.get(name)!;
  return { env, ...rolePolicies(env, synthesize(env).json, "acme/edge-gate") };
};
/** The resources `action` is allowed on, and whether under a condition. */
function allowed(doc: PolicyDocument, action: string) {
  const statements = doc.Statement.filter((s) => [s.Action].flat().includes(action));
  return {
    resources: statements.flatMap((s) => [s.Resource ?? []].flat()),
    conditioned: statements.every((s) => s.Condition !== undefined),
  };
}

describe.each(["staging", "partners"])("%s", (name) => {
  const { env, plan, deploy } = policiesOf(name);
  const account = env.deployment!.deployRoleArn.split(":")[4];
  const parameters = `arn:aws:ssm:${env.homeRegion}:${account}:parameter/edge-gate/${name}-*`;

  it("deploys the function URL of its own functions only", () => {
    for (const action of [
      "lambda:CreateFunctionUrlConfig",
      "lambda:UpdateFunctionUrlConfig",
      "lambda:DeleteFunctionUrlConfig",
    ]) {
      expect(allowed(deploy, action).resources).toEqual(
        expect.arrayContaining([expect.stringContaining(`:function:${name}-*`)]),
      );
    }
  });

  it("writes and reads the config parameters by their names; looks parameters up only in the home region", () => {
    expect(allowed(deploy, "ssm:PutParameter").resources).toEqual([parameters]);
    expect(allowed(deploy, "ssm:DeleteParameter").resources).toEqual([parameters]);
    expect(allowed(plan, "ssm:GetParameter").resources).toEqual([parameters]);
    expect(allowed(plan, "ssm:DescribeParameters")).toEqual({
      resources: ["*"],
      conditioned: true,
    });
    expect(allowed(plan, "ssm:PutParameter").resources).toEqual([]);
  });

  it("may still delete the HTTP API the function URL replaces (upgrade)", () => {
    expect(allowed(deploy, "apigateway:DELETE").resources.length).toBeGreaterThan(0);
  });
});

describe("partners (signed-cookie)", () => {
  it("publishes the CloudFront Function that keeps a viewer's bearer token", () => {
    const { plan, deploy } = policiesOf("partners");
    expect(allowed(deploy, "cloudfront:PublishFunction").resources).toEqual(
      expect.arrayContaining([expect.stringMatching(/^arn:aws:cloudfront::\d+:function\/\*$/)]),
    );
    expect(allowed(plan, "cloudfront:DescribeFunction").resources.length).toBeGreaterThan(0);
  });
});
