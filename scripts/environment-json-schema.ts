// `npm run schema [-- --check]`: writes (or checks) the JSON Schema of
// environment files (environments/schema/environment.schema.json), generated
// from the one zod schema, so a JSON environment gets completion and checks in
// an editor via "$schema". Synth still validates with zod, which also checks
// what JSON Schema cannot express (cross-field rules).
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { environmentSchema } from "../environments/schema";
import { parseCliArgs, runCli } from "./cli/args";

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

const USAGE = `usage: npm run schema [-- --check]

Writes environments/schema/environment.schema.json from the environment schema.

  --check   write nothing; fail if the file is not what would be written`;

function main(argv: string[]): void {
  const { values } = parseCliArgs(argv, { options: { check: { type: "boolean" } } });
  const file = path.relative(process.cwd(), JSON_SCHEMA_FILE);
  const schema = environmentJsonSchema();
  if (values.check) {
    const current = fs.existsSync(JSON_SCHEMA_FILE)
      ? fs.readFileSync(JSON_SCHEMA_FILE, "utf8")
      : "";
    if (current !== schema) throw new Error(`${file} is out of date; run npm run schema`);
    return;
  }
  fs.writeFileSync(JSON_SCHEMA_FILE, schema);
  console.log(`Wrote ${file}`);
}

if (require.main === module) {
  runCli({ name: "schema", usage: USAGE, help: "npm run schema -- --help" }, main);
}
