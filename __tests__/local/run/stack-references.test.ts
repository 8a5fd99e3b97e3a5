// What the local run tells the emulator about a synthesized stack: values of
// the attributes AWS would compute, the stand-in's app clients, and each
// function's config pointed at loopback services, which every handler's own
// config check must accept (an http://127.0.0.1 site included). The stacks
// are the shipped environments as the run synthesizes them once, read-only.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig as parseBearerConfig } from "../../../functions/bearer-jwt/parse-config";
import { parseConfig as parseIssuerConfig } from "../../../functions/cookie-issuer/parse-config";
import { parseConfig as parseCheckerConfig } from "../../../functions/session-checker/parse-config";
import { parseConfig as parseManagerConfig } from "../../../functions/session-manager/parse-config";
import { evaluateValue } from "../../../local/edge/terraform-expression";
import {
  localClientId,
  localConfig,
  localized,
  originMapOf,
  referenceResolver,
  standInClients,
  type LocalServices,
  type StackJson,
} from "../../../local/runner/stack-references";
import { decodeJsonencode, type Decoded } from "../../support/jsonencode";
import { PLAN_HOOK_TIMEOUT_MS, shippedStackDir } from "../../support/shipped-plans";

const EDGE = "http://127.0.0.1:8123";
const JWKS = { keys: [{ kty: "RSA", kid: "local-kid", alg: "RS256", n: "AQAB", e: "AQAB" }] };

const ENV_BY_REGION: Record<string, string> = {
  "eu-central-1": "staging",
  "us-west-2": "partners",
  "eu-west-1": "dev",
};

function servicesFor(homeRegion: string): LocalServices {
  return {
    edgeUrl: EDGE,
    homeRegion,
    // The shipped environments' hosted UIs (one per home region).
    hostedUiOrigin: `https://edge-gate-${ENV_BY_REGION[homeRegion]}.auth.${homeRegion}.amazoncognito.com`,
    cognito: {
      origin: "http://127.0.0.1:9001",
      issuer: `http://127.0.0.1:9001/${homeRegion}_EdgeGateLocal`,
      jwksUri: `http://127.0.0.1:9001/${homeRegion}_EdgeGateLocal/.well-known/jwks.json`,
      poolId: `${homeRegion}_EdgeGateLocal`,
      jwksJson: JSON.stringify(JWKS),
    },
    table: { endpoint: "http://127.0.0.1:9002/{region}", regions: [homeRegion, "us-east-1"] },
    secretsEndpoint: "http://127.0.0.1:9003",
  };
}

const stacks = new Map<string, StackJson>();

beforeAll(async () => {
  for (const name of Object.values(ENV_BY_REGION)) {
    const file = path.join(await shippedStackDir(name), "cdk.tf.json");
    stacks.set(name, JSON.parse(fs.readFileSync(file, "utf8")) as StackJson);
  }
}, PLAN_HOOK_TIMEOUT_MS);

/** A shipped environment's synthesized stack (cdk.tf.json). */
function stackOf(name: string): StackJson {
  const stack = stacks.get(name);
  if (stack === undefined) throw new Error(`no shipped stack ${name}`);
  return stack;
}

/** What the emulator does with a decoded config: every reference filled in, by its own evaluator. */
function evaluate(value: Decoded, resolve: (reference: string) => string | undefined): unknown {
  return evaluateValue(value, { reference: resolve, where: "config" });
}

/**
 * A regional function's config: in its EDGE_GATE_CONFIG variable, or (the
 * stack moving it to Parameter Store) in the aws_ssm_parameter its
 * EDGE_GATE_CONFIG_PARAMETER names.
 */
function regionalConfig(stack: StackJson, functionName: string): Decoded {
  const fn = Object.values(stack.resource?.aws_lambda_function ?? {}).find(
    (block) => block.function_name === functionName,
  ) as { environment: { variables: Record<string, string> } };
  const variables = fn.environment.variables;
  if (variables.EDGE_GATE_CONFIG !== undefined) return decodeJsonencode(variables.EDGE_GATE_CONFIG);
  const { name } = JSON.parse(variables.EDGE_GATE_CONFIG_PARAMETER) as { name: string };
  const parameter = Object.values(stack.resource?.aws_ssm_parameter ?? {}).find(
    (block) => block.name === name,
  );
  return decodeJsonencode(String(parameter?.insecure_value));
}

function edgeConfig(stack: StackJson): Decoded {
  for (const archive of Object.values(stack.data?.archive_file ?? {})) {
    const source = archive.source as { filename: string; content: string }[] | undefined;
    const config = source?.find((s) => s.filename === "config.json");
    if (config) return decodeJsonencode(config.content);
  }
  throw new Error("no edge config");
}

describe("referenceResolver", () => {
  const resolve = (reference: string) =>
    referenceResolver(stackOf("staging"), servicesFor("eu-central-1"))(reference);

  it("gives what AWS would compute, for the local run", () => {
    expect(resolve("aws_dynamodb_table.session-cookie_sessions_table_E055FDEC.name")).toBe(
      "staging-sessions",
    );
    expect(resolve("aws_cloudfront_distribution.cdn_distribution_0B80AA6B.domain_name")).toBe(
      "127.0.0.1:8123",
    );
    expect(resolve("aws_cognito_user_pool.users_pool_87CF6C50.endpoint")).toBe(
      "cognito-idp.eu-central-1.amazonaws.com/eu-central-1_EdgeGateLocal",
    );
    expect(resolve("aws_cognito_user_pool_domain.users_domain_7B71D320.domain")).toBe(
      "edge-gate-staging",
    );
    const client = "users_hosted-ui-client-session-manager_96C25A30";
    expect(resolve(`aws_cognito_user_pool_client.${client}.id`)).toBe(localClientId(client));
    expect(localClientId(client)).toMatch(/^[a-z0-9]{26}$/);
  });

  it("knows nothing of resources the stack lacks or attributes it cannot tell", () => {
    expect(resolve("aws_dynamodb_table.nope.name")).toBeUndefined();
    expect(resolve("aws_cognito_user_pool.users_pool_87CF6C50.arn")).toBeUndefined();
    expect(resolve("aws_cognito_user_pool.users_pool_87CF6C50")).toBeUndefined();
  });
});

describe("standInClients", () => {
  it("registers the distribution's callback on the hosted-UI client and the site's on the app client", () => {
    const stack = stackOf("staging");
    const services = servicesFor("eu-central-1");
    const clients = standInClients(
      stack,
      referenceResolver(stack, services),
      originMapOf(services),
      EDGE,
      `${EDGE}/public/callback.html`,
    );
    expect(clients).toEqual(
      expect.arrayContaining([
        {
          clientId: localClientId("users_hosted-ui-client-session-manager_96C25A30"),
          name: "staging-session-manager",
          redirectUris: [`${EDGE}/_identity/auth`],
          logoutUris: [`${EDGE}/`],
          appClient: false,
        },
        {
          clientId: localClientId("users_client-web_BC473494"),
          name: "staging-web",
          redirectUris: [
            "https://staging.app.example.com/callback",
            `${EDGE}/public/callback.html`,
          ],
          logoutUris: ["https://staging.app.example.com/", `${EDGE}/`],
          appClient: true,
        },
      ]),
    );
  });
});

describe("localized", () => {
  const services = servicesFor("eu-central-1");
  const resolve = (reference: string) =>
    reference === "aws_cloudfront_distribution.d.domain_name" ? "127.0.0.1:8123" : undefined;

  it("fills references in and points AWS origins at their stand-ins", () => {
    expect(
      localized(
        "https://${aws_cloudfront_distribution.d.domain_name}/x",
        resolve,
        originMapOf(services),
      ),
    ).toBe(`${EDGE}/x`);
  });

  it("refuses an AWS URL with no stand-in: a local run never calls AWS", () => {
    expect(() => localized("https://sts.amazonaws.com/", resolve, originMapOf(services))).toThrow(
      "no local stand-in for https://sts.amazonaws.com/",
    );
  });
});

describe("localConfig: every handler accepts its local config", () => {
  it("session-cookie: the session manager and the session checker", () => {
    const stack = stackOf("staging");
    const services = servicesFor("eu-central-1");
    const resolve = referenceResolver(stack, services);

    const manager = localConfig(
      evaluate(regionalConfig(stack, "staging-session-manager"), resolve),
      services,
    );
    expect(parseManagerConfig(manager)).toMatchObject({ ok: true });
    expect(manager).toMatchObject({
      siteOrigin: EDGE,
      hostedUi: {
        baseUrl: services.cognito.origin,
        issuer: services.cognito.issuer,
        jwksUri: services.cognito.jwksUri,
        clientId: localClientId("users_hosted-ui-client-session-manager_96C25A30"),
      },
      table: {
        name: "staging-sessions",
        region: "eu-central-1",
        endpoint: "http://127.0.0.1:9002/eu-central-1",
      },
    });

    const checker = localConfig(evaluate(edgeConfig(stack), resolve), services);
    expect(parseCheckerConfig(checker)).toMatchObject({ ok: true });
    expect(checker).toMatchObject({
      table: { name: "staging-sessions", endpoint: "http://127.0.0.1:9002/{region}" },
    });
  });

  it("signed-cookie: the cookie issuer", () => {
    const stack = stackOf("partners");
    const services = servicesFor("us-west-2");
    const resolve = referenceResolver(stack, services);
    const issuer = localConfig(
      evaluate(regionalConfig(stack, "partners-cookie-issuer"), resolve),
      services,
    );
    expect(parseIssuerConfig(issuer)).toMatchObject({ ok: true });
    expect(issuer).toMatchObject({
      siteOrigin: EDGE,
      jwks: JWKS,
      secretsManager: { region: "us-west-2", endpoint: "http://127.0.0.1:9003" },
      signingKey: { keyPairId: expect.stringMatching(/^K[0-9A-F]{13}$/) },
    });
  });

  it("bearer-jwt: the gate", () => {
    const stack = stackOf("dev");
    const services = servicesFor("eu-west-1");
    const gate = localConfig(
      evaluate(edgeConfig(stack), referenceResolver(stack, services)),
      services,
    );
    expect(parseBearerConfig(gate)).toMatchObject({ ok: true });
    expect(gate).toMatchObject({
      issuer: services.cognito.issuer,
      jwksUri: services.cognito.jwksUri,
      jwks: JWKS,
      clientIds: [localClientId("users_client-web_BC473494")],
    });
  });
});
