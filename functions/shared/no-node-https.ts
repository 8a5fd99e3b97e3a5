// Stands in for Node's `https` module in edge bundles (stacks/bundle.ts).
// Edge functions reach the network only through the global fetch; the one
// library that imports `https` (aws-jwt-verify, for a default fetcher the
// handlers replace with their own) would otherwise load https and tls on
// every cold start for nothing. Should anything call it, it fails loudly.
export function request(): never {
  throw new Error("Node's https module is not bundled into edge functions: use fetch");
}
