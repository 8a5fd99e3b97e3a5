// `npm run schema`: writes the JSON Schema of environment files
// (environments/schema/environment.schema.json), generated from the one zod
// schema, so a JSON environment gets completion and checks in an editor via
// "$schema". Synth still validates with zod, which also checks what JSON
// Schema cannot express (cross-field rules).
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { environmentSchema } from "../environments/schema";

export const JSON_SCHEMA_FILE = path.resolve(
  __dirname,
  "../environments/schema/environment.schema.json",
);

export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(environmentSchema, { io: "input", unrepresentable: "any" }) as {
    properties: Record<string, unknown>;
  };
  // JSON environment files may name this schema; the loader drops the key.
  schema.properties = { $schema: { type: "string" }, ...schema.properties };
  return `${JSON.stringify({ title: "edge-gate environment", ...schema }, null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(JSON_SCHEMA_FILE, environmentJsonSchema());
  console.log(`Wrote ${path.relative(process.cwd(), JSON_SCHEMA_FILE)}`);
}
