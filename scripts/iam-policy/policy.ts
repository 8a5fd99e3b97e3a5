// The least-privilege policies of an environment's CI roles, from what its
// synthesized stack contains: a plan role that only reads (the resources'
// read actions and the state object) and a deploy role that also writes
// (those resources' write actions and the state with its lock file), plus
// the GitHub OIDC trust policy of each.
import type { Environment } from "../../environments/schema";
import type { PolicyStatement } from "../../stacks/iam-policy";
import { accountOfArn } from "../../environments/schema/fields";
import { GRANTS, type Grant, type GrantContext } from "./grants";

export interface RolePolicies {
  plan: PolicyDocument;
  deploy: PolicyDocument;
  planTrust: PolicyDocument;
  deployTrust: PolicyDocument;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Resource and data source types of a synthesized stack (cdk.tf.json). */
export function typesOf(stack: { resource?: object; data?: object }): string[] {
  return [
    ...new Set([...Object.keys(stack.resource ?? {}), ...Object.keys(stack.data ?? {})]),
  ].sort();
}

function grantsFor(types: string[]): Grant[] {
  const unknown = types.filter((t) => !(t in GRANTS));
  if (unknown.length > 0) {
    throw new Error(
      `no IAM grant for ${unknown.join(", ")}: add what Terraform needs for it to scripts/iam-policy/grants.ts`,
    );
  }
  const bySid = new Map<string, Grant>();
  for (const type of types) for (const grant of GRANTS[type]) bySid.set(grant.sid, grant);
  return [...bySid.values()];
}

function statement(
  sid: string,
  actions: string[],
  grant: Grant,
  ctx: GrantContext,
): PolicyStatement | undefined {
  const resources = grant.resources(ctx);
  if (actions.length === 0 || resources.length === 0) return undefined;
  const out: PolicyStatement = {
    Sid: sid,
    Effect: "Allow",
    Action: [...new Set(actions)].sort(),
    Resource: resources,
  };
  if (grant.condition) out.Condition = grant.condition(ctx);
  return out;
}

function stateStatements(env: Environment, partition: string, write: boolean): PolicyStatement[] {
  if (env.backend.type !== "s3")
    throw new Error(`environment ${env.name} keeps local state: CI roles need an s3 backend`);
  const { bucket, key } = env.backend;
  const object = `arn:${partition}:s3:::${bucket}/${key}`;
  const statements: PolicyStatement[] = [
    // Unconditional: init lists workspace prefixes as well as the state key.
    {
      Sid: "StateList",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [`arn:${partition}:s3:::${bucket}`],
    },
    { Sid: "StateRead", Effect: "Allow", Action: ["s3:GetObject"], Resource: [object] },
  ];
  if (write) {
    statements.push(
      { Sid: "StateWrite", Effect: "Allow", Action: ["s3:PutObject"], Resource: [object] },
      {
        Sid: "StateLock",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: [`${object}.tflock`],
      },
    );
  }
  return statements;
}

function trust(account: string, partition: string, subject: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "GitHubActions",
        Effect: "Allow",
        Principal: {
          Federated: `arn:${partition}:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
        },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": subject,
          },
        },
      },
    ],
  };
}

/**
 * The CI role policies of `env` for the stack it synthesizes; `repository`
 * (owner/name) goes into the trust policies' subject.
 */
export function rolePolicies(
  env: Environment,
  stack: { resource?: object; data?: object },
  repository: string,
): RolePolicies {
  if (!env.deployment)
    throw new Error(`environment ${env.name} has no deployment block: it has no CI roles`);
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new Error(
      `repository: owner/name, e.g. acme/edge-gate; got ${JSON.stringify(repository)}`,
    );
  const account = accountOfArn(env.deployment.deployRoleArn)!;
  const partition = env.deployment.deployRoleArn.split(":")[1];
  const regions = [
    env.homeRegion,
    ...(env.protection.mode === "session-cookie" ? env.protection.replicaRegions : []),
  ];
  const ctx: GrantContext = { env, account, regions, partition };
  const grants = grantsFor(typesOf(stack));
  const read = grants.map((g) => statement(`${g.sid}Read`, g.read, g, ctx));
  const write = grants.map((g) => {
    const actions = typeof g.write === "function" ? g.write(ctx) : g.write;
    return statement(g.sid, [...g.read, ...actions], g, ctx);
  });
  const defined = (s: PolicyStatement | undefined): s is PolicyStatement => s !== undefined;
  return {
    plan: {
      Version: "2012-10-17",
      Statement: [...stateStatements(env, partition, false), ...read.filter(defined)],
    },
    deploy: {
      Version: "2012-10-17",
      Statement: [...stateStatements(env, partition, true), ...write.filter(defined)],
    },
    planTrust: trust(account, partition, `repo:${repository}:pull_request`),
    deployTrust: trust(account, partition, `repo:${repository}:environment:${env.name}`),
  };
}
