import { bundle } from "./stacks/bundle";
import { EDGE_RUNTIME } from "./stacks/edge-function";
import { BEARER_JWT_ENTRY } from "./stacks/protection/bearer-jwt";
import * as fs from "node:fs";
fs.writeFileSync("/tmp/s/bearer.min.js", bundle(BEARER_JWT_ENTRY, EDGE_RUNTIME, { edge: true }));
