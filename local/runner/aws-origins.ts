// The one mapping a local run uses from AWS service origins to the loopback
// services standing in for them: the site (the distribution's https origin
// to the edge's http one), the hosted UI and the user pool's issuer, each
// region's session table and Secrets Manager. Config URLs and the
// Content-Security-Policy's sources both go through it, so a page's policy
// always names the same origins its functions talk to.

export interface AwsOriginInputs {
  /** http://127.0.0.1:<port>: the local edge. */
  edgeUrl: string;
  homeRegion: string;
  /** https://<prefix>.auth.<region>.amazoncognito.com: the deployed hosted UI. */
  hostedUiOrigin: string;
  /** The Cognito stand-in's origin; "" before it has started. */
  cognitoOrigin: string;
  /** The session table's endpoint template (`{region}`) and its regions, when the stack has one. */
  table?: { endpoint: string; regions: readonly string[] };
  /** The Secrets Manager stand-in's endpoint, when the stack signs cookies. */
  secretsEndpoint?: string;
}

/** AWS origin (scheme://host, no trailing slash) -> loopback base URL. */
export type OriginMap = ReadonlyMap<string, string>;

/** DynamoDB's regional origin; `{region}` keeps the template the session checker takes. */
export const dynamoDbOrigin = (region: string): string =>
  `https://dynamodb.${region}.amazonaws.com`;
export const secretsManagerOrigin = (region: string): string =>
  `https://secretsmanager.${region}.amazonaws.com`;

export function awsOriginMap(inputs: AwsOriginInputs): OriginMap {
  const map = new Map<string, string>();
  const edge = new URL(inputs.edgeUrl);
  // The distribution's domain resolves to the edge's host; the site has no TLS here.
  map.set(`https://${edge.host}`, edge.origin);
  if (inputs.cognitoOrigin !== "") {
    map.set(inputs.hostedUiOrigin, inputs.cognitoOrigin);
    // The issuer is <origin>/<pool id>, and the pool id resolves to the stand-in's.
    map.set(`https://cognito-idp.${inputs.homeRegion}.amazonaws.com`, inputs.cognitoOrigin);
  }
  if (inputs.table !== undefined) {
    const { endpoint, regions } = inputs.table;
    map.set(dynamoDbOrigin("{region}"), endpoint);
    for (const region of regions)
      map.set(dynamoDbOrigin(region), endpoint.split("{region}").join(region));
  }
  if (inputs.secretsEndpoint !== undefined) {
    map.set(secretsManagerOrigin(inputs.homeRegion), inputs.secretsEndpoint.replace(/\/$/, ""));
  }
  return map;
}

const isLoopback = (url: string) =>
  /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url);

/** Splits an absolute URL (or URL template) into its origin and the rest. */
function originOf(url: string): { origin: string; rest: string } | null {
  const m = /^(https?:\/\/[^/?#]+)(.*)$/.exec(url);
  return m === null ? null : { origin: m[1].toLowerCase(), rest: m[2] };
}

export class NoLocalStandInError extends Error {
  constructor(url: string) {
    super(`no local stand-in for ${url}: a local run never calls AWS`);
    this.name = "NoLocalStandInError";
  }
}

/**
 * `url` with its AWS origin replaced by the loopback one. A loopback URL is
 * kept; any other URL is refused, so that a local run never calls AWS.
 */
export function localUrl(url: string, map: OriginMap): string {
  if (isLoopback(url)) return url;
  const parts = originOf(url);
  const local = parts === null ? undefined : map.get(parts.origin);
  if (parts === null || local === undefined) throw new NoLocalStandInError(url);
  return `${local}${parts.rest}`;
}

/**
 * A Content-Security-Policy with each source that names an AWS origin in the
 * map pointed at its loopback origin (sources are origins: any path the
 * loopback base URL has is left out). Other sources are kept as they are.
 */
export function localContentSecurityPolicy(policy: string, map: OriginMap): string {
  return policy
    .split(";")
    .map((directive) =>
      directive
        .split(" ")
        .map((source) => {
          const parts = originOf(source);
          const local = parts === null ? undefined : map.get(parts.origin);
          if (parts === null || local === undefined) return source;
          return `${new URL(local).origin}${parts.rest}`;
        })
        .join(" "),
    )
    .join(";");
}
