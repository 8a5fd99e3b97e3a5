// Which environments CI plans and deploys, in which order, and the values a
// workflow job reads for one of them. The deploy order is the one place that
// says dev goes first and prod last; the workflows and their tests follow it.
import type { Environment } from "../../environments/schema";

/** Environments deployed from main, in this order; any other deployed one goes before prod. */
export const DEPLOY_ORDER = ["dev", "staging", "partners", "prod"];

/** Environments with a `deployment` block, in deploy order (unlisted ones by name, before the listed tail). */
export function deployedEnvironments(environments: Environment[]): Environment[] {
  const deployed = environments.filter((env) => env.deployment !== undefined);
  const rank = (name: string) => {
    const i = DEPLOY_ORDER.indexOf(name);
    return i === -1 ? DEPLOY_ORDER.length - 1.5 : i;
  };
  return deployed.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** The `key=value` outputs of one environment for a workflow step. */
export function environmentOutputs(env: Environment): Record<string, string> {
  if (!env.deployment) {
    throw new Error(
      `environment ${env.name} has no \`deployment\` block (planRoleArn, deployRoleArn): CI cannot plan or deploy it`,
    );
  }
  if (env.backend.type !== "s3") {
    throw new Error(`environment ${env.name} keeps local state: CI needs backend type "s3"`);
  }
  return {
    environment: env.name,
    home_region: env.homeRegion,
    plan_role_arn: env.deployment.planRoleArn,
    deploy_role_arn: env.deployment.deployRoleArn,
    state_bucket: env.backend.bucket,
    state_key: env.backend.key,
    state_region: env.backend.region,
  };
}
