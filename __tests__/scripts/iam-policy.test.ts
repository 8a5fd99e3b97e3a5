// The CI roles' policies generated from each shipped environment's stack:
// complete for every type the stack uses, read-only for plans, scoped to the
// environment's account and names, and small enough for IAM.
import type { Environment } from "../../environments/schema";
import { rolePolicies, type PolicyDocument } from "../../scripts/iam-policy/policy";
import { loadEnvironments } from "../../environments/schema/load";
import { synthesize, variantOf } from "../support/synth";

const environments = loadEnvironments();
const stacks = new Map(environments.map((env) => [env.name, synthesize(env).json]));
const policiesOf = (env: Environment) => rolePolicies(env, stacks.get(env.name)!, "acme/edge-gate");
const actions = (doc: PolicyDocument) => doc.Statement.flatMap((s) => [s.Action].flat());
const resources = (doc: PolicyDocument) => doc.Statement.flatMap((s) => [s.Resource ?? []].flat());
const named = environments.map((env) => [env.name, env] as const);

describe("CI role policies", () => {
  it.each(named)("%s: the plan role only reads", (_name, env) => {
    const { plan } = policiesOf(env);
    for (const action of actions(plan))
      expect(action).toMatch(/^[a-z0-9-]+:(Get|List|Describe|GET)/);
  });

  it.each(named)(
    "%s: the deploy role can do all the plan role can, and writes the state with its lock",
    (_name, env) => {
      const { plan, deploy } = policiesOf(env);
      for (const action of actions(plan)) expect(actions(deploy)).toContain(action);
      const state =
        env.backend.type === "s3" ? `arn:aws:s3:::${env.backend.bucket}/${env.backend.key}` : "";
      expect(deploy.Statement.find((s) => s.Sid === "StateWrite")?.Resource).toEqual([state]);
      expect(deploy.Statement.find((s) => s.Sid === "StateLock")?.Resource).toEqual([
        `${state}.tflock`,
      ]);
      expect(plan.Statement.map((s) => s.Sid)).not.toContain("StateWrite");
    },
  );

  it.each(named)(
    "%s: no wildcard service, and '*' resources only under a condition",
    (_name, env) => {
      for (const doc of Object.values(policiesOf(env))) {
        for (const s of doc.Statement) {
          for (const action of [s.Action].flat()) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z*]+$/);
          if ([s.Resource].flat().includes("*")) expect(s.Condition).toBeDefined();
        }
      }
    },
  );

  it.each(named)(
    "%s: names only its own account, and its own names where the service allows",
    (_name, env) => {
      const { deploy } = policiesOf(env);
      const account = env.deployment!.deployRoleArn.split(":")[4];
      for (const arn of resources(deploy)) {
        const owner = arn.split(":")[4];
        if (owner) expect(owner).toBe(account);
      }
      const lambda = resources(deploy).filter((r) => r.includes(":function:"));
      for (const arn of lambda) expect(arn).toContain(`:function:${env.name}-*`);
      expect(
        resources(deploy).filter((r) => r.includes(":role/") && !r.includes("aws-service-role")),
      ).toEqual(expect.arrayContaining([`arn:aws:iam::${account}:role/${env.name}-*`]));
    },
  );

  it.each(named)(
    "%s: each document fits IAM's 6,144-character managed-policy limit",
    (_name, env) => {
      for (const doc of Object.values(policiesOf(env)))
        expect(JSON.stringify(doc).length).toBeLessThanOrEqual(6144);
    },
  );

  it("never grants object access to the content bucket", () => {
    for (const env of environments) {
      const bucket = policiesOf(env).deploy.Statement.find((s) => s.Sid === "ContentBucket")!;
      for (const r of [bucket.Resource].flat()) expect(r).not.toContain("/");
      expect(actions(policiesOf(env).deploy)).not.toContain("s3:GetObject*");
    }
  });

  it("grants item actions on the session table only where global-table replicas need them", () => {
    const staging = policiesOf(environments.find((e) => e.name === "staging")!).deploy;
    const table = staging.Statement.find((s) => s.Sid === "SessionTable")!;
    expect([table.Action].flat()).toContain("dynamodb:CreateTableReplica");
    expect([table.Resource].flat()).toEqual([
      "arn:aws:dynamodb:eu-central-1:111122223333:table/staging-*",
      "arn:aws:dynamodb:us-east-1:111122223333:table/staging-*",
    ]);
    const single = variantOf("staging", (e) => {
      (e.protection as { replicaRegions?: string[] }).replicaRegions = [];
    });
    const noReplicas = rolePolicies(single, synthesize(single).json, "acme/edge-gate").deploy;
    expect(actions(noReplicas)).not.toContain("dynamodb:Scan");
    expect(
      actions(policiesOf(environments.find((e) => e.name === "dev")!).deploy).some((a) =>
        a.startsWith("dynamodb:"),
      ),
    ).toBe(false);
  });

  it("trusts GitHub's OIDC tokens: pull requests for plans, the GitHub environment for deploys", () => {
    const { planTrust, deployTrust } = policiesOf(environments.find((e) => e.name === "prod")!);
    expect(
      planTrust.Statement[0].Condition!.StringEquals["token.actions.githubusercontent.com:sub"],
    ).toBe("repo:acme/edge-gate:pull_request");
    expect(
      deployTrust.Statement[0].Condition!.StringEquals["token.actions.githubusercontent.com:sub"],
    ).toBe("repo:acme/edge-gate:environment:prod");
    expect(deployTrust.Statement[0].Principal).toEqual({
      Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    });
  });

  it("refuses a stack with a resource type it has no grant for, naming it", () => {
    const env = environments[0];
    const stack = {
      ...stacks.get(env.name)!,
      resource: { ...stacks.get(env.name)!.resource, aws_sqs_queue: {} },
    };
    expect(() => rolePolicies(env, stack, "acme/edge-gate")).toThrow(
      "no IAM grant for aws_sqs_queue: add what Terraform needs for it",
    );
  });
});
