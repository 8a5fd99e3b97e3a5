// Evaluates the few Terraform expressions a synthesized edge-gate stack puts
// where the emulator needs a value (function config, archive sources): string
// templates, references, literals and a handful of built-in functions. Any
// other expression fails with a message naming it, never a guess.
import * as fs from "node:fs";
import * as path from "node:path";
import { decodeJsonencode, type Decoded } from "./jsonencode";

export type Value = Decoded;

export interface EvaluationContext {
  /** The value of a reference such as `aws_x.y.name` or `data.http.z.response_body`. */
  reference: (reference: string) => string | undefined;
  /** Directory `file()` paths are relative to (the stack directory); without one, file() fails. */
  baseDir?: string;
  /** Where the expression came from, for error messages ("aws_lambda_function.f environment"). */
  where: string;
}

export class ExpressionError extends Error {}

const FUNCTIONS: Record<string, (args: Value[], ctx: EvaluationContext) => Value> = {
  jsondecode: ([text]) => JSON.parse(asString(text, "jsondecode")) as Value,
  jsonencode: ([value]) => JSON.stringify(value),
  sensitive: ([value]) => value,
  nonsensitive: ([value]) => value,
  tostring: ([value]) => asString(value, "tostring"),
  lower: ([value]) => asString(value, "lower").toLowerCase(),
  upper: ([value]) => asString(value, "upper").toUpperCase(),
  replace: ([text, search, replacement]) =>
    asString(text, "replace")
      .split(asString(search, "replace"))
      .join(asString(replacement, "replace")),
  file: ([name], ctx) => {
    const relative = asString(name, "file");
    if (ctx.baseDir === undefined)
      throw new ExpressionError(`${ctx.where}: file() has no stack here`);
    const full = path.resolve(ctx.baseDir, relative);
    // Synthesized stacks only read their own assets.
    if (path.relative(ctx.baseDir, full).startsWith("..")) {
      throw new ExpressionError(`${ctx.where}: file("${relative}") is outside the stack`);
    }
    return fs.readFileSync(full, "utf8");
  },
};

function asString(value: Value, fn: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new ExpressionError(`${fn}() expects a string, got ${JSON.stringify(value)}`);
}

/**
 * A value as synthesized JSON holds it: a plain string with `${...}`
 * templates, or (inside decoded jsonencode output) lists and objects of such
 * strings. A string that is exactly one `${expr}` keeps the expression's type.
 */
export function evaluateValue(value: Value, ctx: EvaluationContext): Value {
  if (typeof value === "string") return evaluateTemplate(value, ctx);
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, ctx));
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Value } = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluateValue(v, ctx);
    return out;
  }
  return value;
}

/** A Terraform string template: literal text and `${expr}` parts. */
export function evaluateTemplate(text: string, ctx: EvaluationContext): Value {
  const parts = splitTemplate(text, ctx);
  if (parts.length === 1 && typeof parts[0] !== "string") {
    return evaluateExpression(parts[0].expression, ctx);
  }
  return parts
    .map((p) =>
      typeof p === "string" ? p : asString(evaluateExpression(p.expression, ctx), "template"),
    )
    .join("");
}

function splitTemplate(text: string, ctx: EvaluationContext): (string | { expression: string })[] {
  const parts: (string | { expression: string })[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      literal += "${";
      i += 3;
    } else if (text.startsWith("${", i)) {
      const end = closingBrace(text, i + 1, ctx);
      if (literal !== "") parts.push(literal);
      literal = "";
      parts.push({ expression: text.slice(i + 2, end) });
      i = end + 1;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal !== "" || parts.length === 0) parts.push(literal);
  return parts;
}

function closingBrace(text: string, open: number, ctx: EvaluationContext): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  throw new ExpressionError(`${ctx.where}: unbalanced \${ in ${text.slice(0, 80)}`);
}

/** One expression (the inside of `${...}`). */
export function evaluateExpression(source: string, ctx: EvaluationContext): Value {
  const trimmed = source.trim();
  if (trimmed.startsWith("jsonencode(")) {
    // The whole-object form cdktf renders: reuse the jsonencode reader, then evaluate inside.
    return JSON.stringify(evaluateValue(decodeJsonencode(`\${${trimmed}}`), ctx));
  }
  const parser = new ExpressionParser(trimmed, ctx);
  const value = parser.expression();
  parser.end();
  return value;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;

class ExpressionParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly ctx: EvaluationContext,
  ) {}

  expression(): Value {
    this.space();
    const c = this.text[this.pos];
    if (c === '"') return this.stringLiteral();
    if (c !== undefined && /[-\d]/.test(c)) return this.number();
    const name = this.ident();
    this.space();
    if (this.text[this.pos] === "(") return this.call(name);
    if (name === "true" || name === "false") return name === "true";
    if (name === "null") return null;
    return this.reference(name);
  }

  end(): void {
    this.space();
    if (this.pos !== this.text.length) this.fail("unexpected text");
  }

  private call(name: string): Value {
    const fn = FUNCTIONS[name];
    if (fn === undefined) this.fail(`function ${name}() is not supported by the local edge`);
    this.pos += 1; // (
    const args: Value[] = [];
    this.space();
    while (this.text[this.pos] !== ")") {
      args.push(this.expression());
      this.space();
      if (this.text[this.pos] === ",") this.pos += 1;
      else if (this.text[this.pos] !== ")") this.fail("expected , or )");
      this.space();
    }
    this.pos += 1;
    return fn(args, this.ctx);
  }

  private reference(first: string): Value {
    let reference = first;
    while (this.text[this.pos] === ".") {
      this.pos += 1;
      reference += `.${this.ident()}`;
    }
    const value = this.ctx.reference(reference);
    if (value === undefined) {
      throw new ExpressionError(
        `${this.ctx.where}: no local value for the Terraform reference ${reference}`,
      );
    }
    return value;
  }

  private stringLiteral(): Value {
    const start = this.pos;
    let i = this.pos + 1;
    for (; i < this.text.length && this.text[i] !== '"'; i++) {
      if (this.text[i] === "\\") i++;
      else if (this.text.startsWith("${", i)) i = closingBrace(this.text, i + 1, this.ctx);
    }
    if (i >= this.text.length) this.fail("unterminated string");
    this.pos = i + 1;
    // A JSON string literal with its templates evaluated.
    const raw = JSON.parse(this.text.slice(start, i + 1).replace(/\\\$/g, "$")) as string;
    return evaluateTemplate(raw, this.ctx);
  }

  private number(): Value {
    const match = /-?\d+(\.\d+)?/y;
    match.lastIndex = this.pos;
    const m = match.exec(this.text);
    if (m === null) this.fail("expected a number");
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private ident(): string {
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.text);
    if (m === null) this.fail("expected a name");
    this.pos += m[0].length;
    return m[0];
  }

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
  }

  private fail(message: string): never {
    throw new ExpressionError(
      `${this.ctx.where}: ${message} in the Terraform expression "${this.text.slice(0, 120)}"`,
    );
  }
}
