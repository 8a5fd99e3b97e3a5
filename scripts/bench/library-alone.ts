// aws-jwt-verify alone, bundled as the edge bundles bundle it (with their
// platform layer, stacks/bundle.ts): the bench's "library alone" series runs
// this, so the handler's own work is measured over the same library code.
export { JwtVerifier } from "aws-jwt-verify";
