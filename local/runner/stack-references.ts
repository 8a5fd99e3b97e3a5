// What the local run tells the emulator about a synthesized stack: the value
// of each Terraform attribute that only exists once AWS has built the
// resource (ids, endpoints, the distribution's domain), the Cognito app
// clients the stand-in must know, and each function's config pointed at the
// loopback stand-ins. Pure, so tests call it on a synthesized stack.
import { createHash } from "node:crypto";
import { localPublicKeyId } from "../edge/trusted-key-groups";
import { isRecord } from "../edge/json-shapes";
import { evaluateTemplate } from "../edge/terraform-expression";
import {
  awsOriginMap,
  dynamoDbOrigin,
  localUrl,
  secretsManagerOrigin,
  type OriginMap,
} from "./aws-origins";

type Block = Record<string, unknown>;

/** The parts of cdk.tf.json read here. */
export interface StackJson {
  resource?: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
}

/** Where the loopback services of one local run listen. */
export interface LocalServices {
  /** http://127.0.0.1:<port>: the site origin. */
  edgeUrl: string;
  homeRegion: string;
  /** https://<prefix>.auth.<region>.amazoncognito.com: the hosted UI the stack names. */
  hostedUiOrigin: string;
  /** The Cognito stand-in (origin "" until it has started). */
  cognito: { origin: string; issuer: string; jwksUri: string; poolId: string; jwksJson: string };
  /** The session table's endpoint template (`{region}`) and its regions, when the stack has one. */
  table?: { endpoint: string; regions: readonly string[] };
  /** The Secrets Manager stand-in's endpoint, when the stack signs cookies. */
  secretsEndpoint?: string;
}

/** The AWS origins of `services`' run, each mapped to its loopback stand-in. */
export function originMapOf(services: LocalServices): OriginMap {
  return awsOriginMap({
    edgeUrl: services.edgeUrl,
    homeRegion: services.homeRegion,
    hostedUiOrigin: services.hostedUiOrigin,
    cognitoOrigin: services.cognito.origin,
    table: services.table,
    secretsEndpoint: services.secretsEndpoint,
  });
}

const ACCOUNT = "000000000000";

/** A stable Cognito-looking app client id (26 lower-case characters) for a client resource. */
export function localClientId(resourceName: string): string {
  return createHash("sha256").update(`client:${resourceName}`).digest("hex").slice(0, 26);
}

/** A stable CloudFront-looking id ("K" and 13 upper-case characters) for a public key or key group. */
export function localCloudFrontId(kind: string, resourceName: string): string {
  return localPublicKeyId(`${kind}:${resourceName}`);
}

/** Splits `aws_x.name.attr` or `data.http.name.attr`. */
function parseReference(reference: string) {
  const parts = reference.split(".");
  const isData = parts[0] === "data";
  const [type, name, ...rest] = isData ? parts.slice(1) : parts;
  return { isData, type, name, attribute: rest.join(".") };
}

/** The resolver the emulator calls for each reference it meets; undefined for unknown ones. */
export function referenceResolver(
  stack: StackJson,
  services: LocalServices,
): (reference: string) => string | undefined {
  const edgeHost = new URL(services.edgeUrl).host;
  return (reference) => {
    const { isData, type, name, attribute } = parseReference(reference);
    const block = (isData ? stack.data : stack.resource)?.[type]?.[name];
    if (block === undefined || attribute === "") return undefined;
    if (isData) {
      // The JWKS the stack reads at apply time.
      return type === "http" && attribute === "response_body"
        ? services.cognito.jwksJson
        : undefined;
    }
    switch (`${type}.${attribute}`) {
      case "aws_cloudfront_distribution.domain_name":
        return edgeHost;
      case "aws_cognito_user_pool.id":
        return services.cognito.poolId;
      case "aws_cognito_user_pool.endpoint":
        return `cognito-idp.${services.homeRegion}.amazonaws.com/${services.cognito.poolId}`;
      case "aws_cognito_user_pool_client.id":
        return localClientId(name);
      case "aws_cloudfront_public_key.id":
      case "aws_cloudfront_key_group.id":
        return localCloudFrontId(type, name);
      case "aws_lambda_function.arn":
      case "aws_lambda_function.qualified_arn": {
        const region = block.provider === undefined ? services.homeRegion : "us-east-1";
        const arn = `arn:aws:lambda:${region}:${ACCOUNT}:function:${String(block.function_name)}`;
        return attribute === "arn" ? arn : `${arn}:1`;
      }
    }
    // Attributes written in the configuration itself (a table's name, a domain prefix).
    const literal = block[attribute];
    return typeof literal === "string" && !literal.includes("${") ? literal : undefined;
  };
}

/**
 * `text` with every `${reference}` replaced by its value; a URL to an AWS
 * origin becomes its loopback one (the site's https origin the edge's http).
 */
export function localized(
  text: string,
  resolve: (reference: string) => string | undefined,
  origins: OriginMap,
): string {
  const filled = String(evaluateTemplate(text, { reference: resolve, where: text }));
  return /^https?:\/\//.test(filled) ? localUrl(filled, origins) : filled;
}

export interface StandInClientSpec {
  clientId: string;
  /** The aws_cognito_user_pool_client's `name`. */
  name: string;
  redirectUris: string[];
  logoutUris: string[];
  /** A client of the environment file (not a function's hosted-UI client). */
  appClient: boolean;
}

/**
 * The stack's Cognito app clients, as the stand-in is to know them: their
 * callback and sign-out URLs with the distribution's domain filled in; an
 * app client of the environment also gets `appCallbackUrl` (the sample
 * site's own sign-in) and the site's root as a sign-out URL.
 */
export function standInClients(
  stack: StackJson,
  resolve: (reference: string) => string | undefined,
  origins: OriginMap,
  edgeUrl: string,
  appCallbackUrl: string,
): StandInClientSpec[] {
  return Object.entries(stack.resource?.aws_cognito_user_pool_client ?? {}).map(
    ([resourceName, block]) => {
      const urls = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
      const callbacks = urls(block.callback_urls);
      const appClient = !callbacks.some((url) => url.includes("${aws_cloudfront_distribution."));
      // An app's own URLs elsewhere (https://app.example.com/callback) stay as
      // they are: the stand-in only redirects to them, it never calls them.
      const local = (list: string[]) =>
        list.map((url) => (url.includes("${") ? localized(url, resolve, origins) : url));
      return {
        clientId: localClientId(resourceName),
        name: String(block.name ?? resourceName),
        redirectUris: [...local(callbacks), ...(appClient ? [appCallbackUrl] : [])],
        logoutUris: [...local(urls(block.logout_urls)), ...(appClient ? [`${edgeUrl}/`] : [])],
        appClient,
      };
    },
  );
}

/**
 * A function's decoded config with AWS pointed at the stand-ins, through
 * the run's one origin map (aws-origins.ts): the site origin is the local
 * edge, the hosted UI and issuer the Cognito stand-in, the session table and
 * Secrets Manager their loopback endpoints (also where the config leaves the
 * SDK's regional default). Fields a function does not have are left out;
 * nothing else changes, and an AWS URL with no stand-in fails the start.
 */
export function localConfig(config: unknown, services: LocalServices): unknown {
  if (!isRecord(config)) return config;
  const out: Record<string, unknown> = structuredClone(config);
  const origins = originMapOf(services);
  const local = (url: unknown) => localUrl(String(url), origins);
  if (typeof out.siteOrigin === "string") out.siteOrigin = local(out.siteOrigin);
  if (isRecord(out.hostedUi)) {
    const hostedUi = { ...out.hostedUi };
    for (const field of ["baseUrl", "issuer", "jwksUri"]) {
      if (typeof hostedUi[field] === "string") hostedUi[field] = local(hostedUi[field]);
    }
    out.hostedUi = hostedUi;
  }
  // The bearer-JWT gate's issuer fields; the JWKS it was built with is the stand-in's.
  if (typeof out.issuer === "string") out.issuer = local(out.issuer);
  if (typeof out.jwksUri === "string") out.jwksUri = local(out.jwksUri);
  if (isRecord(out.jwks)) out.jwks = JSON.parse(services.cognito.jwksJson) as unknown;
  if (isRecord(out.table) && services.table !== undefined) {
    const table = out.table;
    // The checker takes a template; the session manager the endpoint of its region.
    const aws =
      typeof table.homeRegion === "string"
        ? dynamoDbOrigin("{region}")
        : dynamoDbOrigin(String(table.region));
    out.table = {
      ...table,
      endpoint: local(typeof table.endpoint === "string" ? table.endpoint : aws),
    };
  }
  if (isRecord(out.secretsManager) && services.secretsEndpoint !== undefined) {
    const secrets = out.secretsManager;
    const aws = secretsManagerOrigin(String(secrets.region ?? services.homeRegion));
    out.secretsManager = {
      ...secrets,
      endpoint: local(typeof secrets.endpoint === "string" ? secrets.endpoint : aws),
    };
  }
  return out;
}
