// A regional login function's handler for its current config: inline in an
// environment variable (local runs, tests), or in the SSM parameter the stack
// names (deployed), read at the first request and again once a minute, so a
// config change applied to the parameter reaches running containers.
import {
  CONFIG_PARAMETER_VARIABLE,
  parseConfigSource,
  readConfigParameter,
  type ConfigParameterSource,
  type ParameterRead,
} from "./config-parameter";
import { logError } from "./log";

/** How long a read config is used before the parameter is read again. */
export const CONFIG_REFRESH_MS = 60_000;
/** A failed re-read keeps the last config this long, then the function answers 503. */
export const CONFIG_STALE_LIMIT_MS = 15 * 60_000;
/** One parameter read; SSM answers in tens of milliseconds in-region. */
export const CONFIG_READ_TIMEOUT_MS = 1000;

export interface ConfiguredHandlerOptions<H> {
  env: Record<string, string | undefined>;
  /** Environment variable with the whole config inline (JSON). */
  inlineVariable: string;
  /** The handler for a config (parsed JSON, or undefined when it is not JSON); never throws. */
  build: (config: unknown) => H;
  now?: () => number;
  /** Replaces the parameter read (tests of the refresh rules). */
  read?: (source: ConfigParameterSource) => Promise<ParameterRead>;
  readTimeoutMs?: number;
}

function parsed(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined; // the handler's own config check reports it and refuses everything
  }
}

/**
 * What the config says the handler is, or null while no config can be had
 * (the caller answers 503 and the next request tries again).
 */
export function configuredHandler<H>(
  options: ConfiguredHandlerOptions<H>,
): () => Promise<H | null> {
  const { env, build } = options;
  const now = options.now ?? Date.now;
  const inline = env[options.inlineVariable];
  if (inline !== undefined) {
    const handler = build(parsed(inline));
    return async () => handler;
  }
  const source = parseConfigSource(env[CONFIG_PARAMETER_VARIABLE]);
  if (source === null) {
    const handler = build(undefined);
    return async () => handler;
  }
  const read =
    options.read ??
    ((s: ConfigParameterSource) =>
      readConfigParameter(s, env, options.readTimeoutMs ?? CONFIG_READ_TIMEOUT_MS));
  let current: { text: string; handler: H; readAt: number } | undefined;
  return async () => {
    const at = now();
    if (current && at - current.readAt < CONFIG_REFRESH_MS) return current.handler;
    const answer = await read(source);
    if (!answer.ok) {
      logError("config parameter unreadable", { reason: answer.reason });
      return current && at - current.readAt < CONFIG_STALE_LIMIT_MS ? current.handler : null;
    }
    // The same text keeps the same handler, and with it its caches and keep-alive connections.
    if (current?.text !== answer.text) {
      current = { text: answer.text, handler: build(parsed(answer.text)), readAt: at };
    } else {
      current.readAt = at;
    }
    return current.handler;
  };
}
