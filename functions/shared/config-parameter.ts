// Where a regional login function finds its config when the stack keeps it
// in SSM Parameter Store (its URL is the distribution's origin, so its own
// environment cannot name the site: stacks/identity-api.ts). One SigV4-signed
// GetParameter over Node's https, bounded in time and size; never throws.
import { boundedPost, PostFailedError, TimeLimit } from "./bounded-post";
import { signPost } from "./sigv4";

/** Environment variable holding the parameter's name and region (JSON). */
export const CONFIG_PARAMETER_VARIABLE = "EDGE_GATE_CONFIG_PARAMETER";

export interface ConfigParameterSource {
  /** e.g. /edge-gate/staging-session-manager/config */
  name: string;
  region: string;
  /** A loopback SSM stand-in (tests, local runs); the region's endpoint when left out. */
  endpoint?: string;
}

/** An advanced parameter holds at most 8 KB; an answer far beyond that is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

const NAME = /^\/[\w./-]{1,1010}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The source named by `text` (the variable's value), or null when it is not one. */
export function parseConfigSource(text: string | undefined): ConfigParameterSource | null {
  if (text === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { name, region, endpoint } = value as Record<string, unknown>;
  if (typeof name !== "string" || !NAME.test(name)) return null;
  if (typeof region !== "string" || !REGION.test(region)) return null;
  if (endpoint !== undefined && !isLoopbackEndpoint(endpoint)) return null;
  return { name, region, ...(endpoint === undefined ? {} : { endpoint: endpoint as string }) };
}

// Credentials are signed into the request: only the region's own endpoint,
// or a stand-in on this machine, may receive it.
function isLoopbackEndpoint(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return (
      url.protocol === "http:" &&
      ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) &&
      url.search === ""
    );
  } catch {
    return false;
  }
}

export type ParameterRead = { ok: true; text: string } | { ok: false; reason: string };

/** What the read takes from the Lambda environment (Lambda sets all three). */
export interface AwsCredentialsEnvironment {
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
}

/** The parameter's value, or why it could not be read within `timeoutMs`. */
export async function readConfigParameter(
  source: ConfigParameterSource,
  env: AwsCredentialsEnvironment,
  timeoutMs: number,
): Promise<ParameterRead> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey) return { ok: false, reason: "no credentials" };
  const url = new URL(source.endpoint ?? `https://ssm.${source.region}.amazonaws.com/`);
  const body = JSON.stringify({ Name: source.name, WithDecryption: false });
  if (url.search !== "") return { ok: false, reason: "endpoint with a query" };
  const headers = signPost(
    {
      url,
      region: source.region,
      service: "ssm",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AmazonSSM.GetParameter",
      },
      body,
    },
    { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined },
  );
  const timeLimit = new TimeLimit(timeoutMs);
  try {
    const answer = await boundedPost(url, headers, body, {
      timeLimit,
      maxBytes: MAX_ANSWER_BYTES,
    });
    if (answer.status !== 200) return { ok: false, reason: `status ${answer.status}` };
    const value = (JSON.parse(answer.text) as { Parameter?: { Value?: unknown } }).Parameter?.Value;
    return typeof value === "string"
      ? { ok: true, text: value }
      : { ok: false, reason: "no value" };
  } catch (err) {
    return { ok: false, reason: err instanceof PostFailedError ? err.reason : "malformed answer" };
  } finally {
    timeLimit.end();
  }
}
