// Starts every function the distribution runs: each behaviour's
// viewer-request function (a Lambda@Edge bundle in worker threads, or a
// CloudFront Function in a VM context) and each regional function behind an
// API or function URL origin, each once, however many behaviours name it.
import { CloudFrontFunctionRunner } from "./cloudfront-function";
import { prepareFunction, type BundleContext } from "./function-bundle";
import { FunctionRunner } from "./function-worker";
import type { RunningFunction } from "./pipeline-types";
import { addressText, type Address, type StackModel } from "./stack-model";

/**
 * Adds the stack's functions to `functions` (by address) as they start, so
 * that the caller can close whatever started if a later one fails.
 */
export function startFunctions(
  model: StackModel,
  context: BundleContext,
  functions: Map<string, RunningFunction>,
  log: (functionName: string, line: string) => void,
): void {
  const start = (address: Address, edge: boolean) => {
    if (functions.has(addressText(address))) return;
    if (address.type === "aws_cloudfront_function") {
      const resource = model.json.resource.aws_cloudfront_function?.[address.name];
      if (resource === undefined) throw new Error(`no ${addressText(address)} in the stack`);
      const runner = new CloudFrontFunctionRunner(String(resource.code), String(resource.name));
      functions.set(addressText(address), { runner, timeoutSeconds: 1 });
      return;
    }
    const prepared = prepareFunction(model, address, edge, context);
    const runner = new FunctionRunner({
      file: prepared.file,
      functionName: prepared.functionName,
      env: prepared.env,
      log: (line) => log(prepared.functionName, line),
    });
    functions.set(addressText(address), { runner, timeoutSeconds: prepared.timeoutSeconds });
  };
  for (const b of model.behaviours) if (b.viewerRequest !== null) start(b.viewerRequest, true);
  for (const origin of model.origins.values()) {
    if (origin.kind === "api") for (const r of origin.routes) start(r.function, false);
    if (origin.kind === "function-url") start(origin.function, false);
  }
}
