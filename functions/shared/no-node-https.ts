// Stands in for the bare `https` module in edge bundles (stacks/bundle.ts).
// The one library that imports it by that name (aws-jwt-verify, for a
// default fetcher the handlers replace with their own) would otherwise load
// https and tls on every cold start for nothing. Code of ours that needs TLS
// imports `node:https`, which the alias leaves alone. Should anything call
// this stand-in, it fails loudly.
export function request(): never {
  throw new Error("Node's https module is not bundled into edge functions: use fetch");
}
