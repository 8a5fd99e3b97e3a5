// Rewrites references to stood-in data sources inside Terraform JSON strings.
// Terraform reads every JSON string as a template, so a reference can only live
// inside a `${...}` or `%{...}` sequence; `$${` and `%%{` are escapes for
// literal text (esbuild bundles are full of them) and must stay untouched.

/** One replaced data source: `data.<type>.<name>` now lives at `terraform_data.<standIn>`. */
export interface StandInTarget {
  /** `terraform_data` resource name that replaces the data source. */
  standIn: string;
  /** The data source had `count` or `for_each`: an unindexed reference is a collection. */
  collection: "none" | "count" | "for_each";
}

/** `"<type>.<name>"` (e.g. `"archive_file.pkg"`) → its stand-in. */
export type StandInMap = ReadonlyMap<string, StandInTarget>;

// `data.<type>.<name>` not preceded by an identifier character or a dot (so
// `local.data.http.x` and `mydata.http.x` are left alone), then an optional
// index or splat that belongs to the resource, not to its attributes.
const DATA_REF =
  /(?<![\w.-])data\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(?![\w-])(\[[^\]]*\]|\.\*(?![\w-])|\.[0-9]+(?![\w-]))?/g;

/** Rewrites references in the text of one expression (no surrounding `${}`). */
export function rewriteExpression(expression: string, targets: StandInMap): string {
  return expression.replace(DATA_REF, (match, type: string, name: string, index?: string) => {
    const target = targets.get(`${type}.${name}`);
    if (!target) return match;
    const base = `terraform_data.${target.standIn}`;
    if (index !== undefined) return `${base}${index}.output`;
    // A data source with count/for_each is referenced as a whole collection
    // (e.g. in a `for` expression); keep its shape by mapping each instance.
    if (target.collection === "count") return `[for i in ${base} : i.output]`;
    if (target.collection === "for_each") return `{ for k, i in ${base} : k => i.output }`;
    return `${base}.output`;
  });
}

/**
 * Rewrites a `depends_on` entry: it is a bare traversal, not a template, and
 * must name the resource itself (no `.output`).
 */
export function rewriteDependency(entry: string, targets: StandInMap): string {
  // Accept the address wrapped in one interpolation too: "${data.http.x}".
  const bare = /^\$\{(.*)\}$/s.exec(entry.trim())?.[1] ?? entry;
  const match = /^data\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)$/.exec(bare.trim());
  const target = match && targets.get(`${match[1]}.${match[2]}`);
  return target ? `terraform_data.${target.standIn}` : entry;
}

/** Rewrites references inside every interpolation or directive of a template string. */
export function rewriteTemplate(template: string, targets: StandInMap): string {
  if (!template.includes("{")) return template;
  let out = "";
  let i = 0;
  while (i < template.length) {
    const two = template.slice(i, i + 2);
    const three = template.slice(i, i + 3);
    if (three === "$${" || three === "%%{") {
      out += three;
      i += 3;
    } else if (two === "${" || two === "%{") {
      const end = findClosingBrace(template, i + 2);
      if (end < 0) {
        // Unterminated: Terraform rejects it anyway; leave the text as it was.
        out += template.slice(i);
        break;
      }
      out += two + rewriteExpression(template.slice(i + 2, end), targets) + "}";
      i = end + 1;
    } else {
      out += template[i];
      i += 1;
    }
  }
  return out;
}

/**
 * Index of the `}` that closes an expression starting at `start`, skipping
 * nested braces (object constructors) and quoted strings, which may hold
 * templates of their own. -1 if there is none.
 */
export function findClosingBrace(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = skipQuoted(text, i + 1);
      if (i < 0) return -1;
    } else if (c === "{") {
      depth += 1;
    } else if (c === "}") {
      if (depth === 0) return i;
      depth -= 1;
    }
    i += 1;
  }
  return -1;
}

/** Index of the closing quote of a quoted string whose content starts at `start`. */
function skipQuoted(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === '"') return i;
    const three = text.slice(i, i + 3);
    if (three === "$${" || three === "%%{") {
      i += 3;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "${" || two === "%{") {
      const end = findClosingBrace(text, i + 2);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    i += 1;
  }
  return -1;
}
