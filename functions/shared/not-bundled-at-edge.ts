// Stands in for Node's bare `https` and `stream` modules in edge bundles
// (stacks/bundle.ts). The one library that imports them by those names
// (aws-jwt-verify, for a default fetcher the handlers replace with their
// own) would otherwise load them on every cold start for nothing: https and
// tls, and stream (about 1.6 ms of CPU). Code of ours that needs TLS imports
// `node:https`, which the aliases leave alone. Should anything call a
// stand-in, it fails loudly.
const missing = (): never => {
  throw new Error("https and stream are not in edge bundles: use fetch");
};

export const request = missing;
export const pipeline = missing;
