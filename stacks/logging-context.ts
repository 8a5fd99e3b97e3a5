// How the environment's logging settings reach the constructs that create
// log groups deep in the tree (regional functions, the identity API) without
// every protection mode passing them along: the stack provides them once.
import type { IConstruct } from "constructs";
import type { LoggingSettings } from "../environments/schema/logging";

const CONTEXT_KEY = "edge-gate:logging";

/** What a construct gets outside a stack that provides settings (the schema's defaults). */
const DEFAULTS: Pick<LoggingSettings, "retentionDays" | "identityApiAccessLogs"> = {
  retentionDays: 30,
  identityApiAccessLogs: true,
};

/** Makes `settings` what every construct below `scope` logs by; call before adding children. */
export function provideLogging(scope: IConstruct, settings: LoggingSettings): void {
  scope.node.setContext(CONTEXT_KEY, settings);
}

/** The logging settings that apply at `scope`. */
export function loggingAt(
  scope: IConstruct,
): Pick<LoggingSettings, "retentionDays" | "identityApiAccessLogs"> {
  const provided = scope.node.tryGetContext(CONTEXT_KEY) as LoggingSettings | undefined;
  return provided ?? DEFAULTS;
}
