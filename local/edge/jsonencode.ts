// Reads back what cdktf's Fn.jsonencode renders (`${jsonencode({"k" = v, ...})}`)
// as a plain value, so tests assert a function's config field by field. A
// bare Terraform expression (a reference such as aws_x.y.name) comes back as
// the string "${<expression>}", the way references appear elsewhere in the
// synthesized JSON.

export type Decoded = null | boolean | number | string | Decoded[] | { [key: string]: Decoded };

const WRAPPER = /^\$\{jsonencode\(([\s\S]*)\)\}$/;

/** The value inside `${jsonencode(...)}`. Throws on anything else. */
export function decodeJsonencode(text: string): Decoded {
  const inner = WRAPPER.exec(text)?.[1];
  if (inner === undefined) throw new Error(`not a jsonencode expression: ${text.slice(0, 80)}`);
  const parser = new Parser(inner);
  const value = parser.value();
  parser.end();
  return value;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  value(): Decoded {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.list();
    if (c === '"') return this.string();
    return this.expression();
  }

  end(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail("trailing text");
  }

  private object(): { [key: string]: Decoded } {
    const result: { [key: string]: Decoded } = {};
    this.expect("{");
    while (!this.consume("}")) {
      this.skipSpace();
      const key = this.string();
      this.skipSpace();
      this.expect("=");
      result[key] = this.value();
      this.skipSpace();
      this.consume(",");
    }
    return result;
  }

  private list(): Decoded[] {
    const result: Decoded[] = [];
    this.expect("[");
    while (!this.consume("]")) {
      result.push(this.value());
      this.skipSpace();
      this.consume(",");
    }
    return result;
  }

  /** A quoted string; `${...}` inside it is kept as written (it may hold quotes). */
  private string(): string {
    this.expect('"');
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\\") {
        const next = this.text[this.pos + 1];
        out += next === "n" ? "\n" : next === "t" ? "\t" : next;
        this.pos += 2;
      } else if (this.text.startsWith("${", this.pos)) {
        const end = this.closing(this.pos + 1, "{", "}");
        out += this.text.slice(this.pos, end + 1);
        this.pos = end + 1;
      } else {
        out += c;
        this.pos++;
      }
    }
    return this.fail("unterminated string");
  }

  /** A bare literal or expression, up to the next top-level `,`, `}` or `]`. */
  private expression(): Decoded {
    const start = this.pos;
    while (this.pos < this.text.length && !",}]".includes(this.text[this.pos])) {
      const c = this.text[this.pos];
      if (c === "(" || c === "[") this.pos = this.closing(this.pos, c, c === "(" ? ")" : "]") + 1;
      else if (c === '"') this.string();
      else this.pos++;
    }
    const raw = this.text.slice(start, this.pos).trim();
    if (raw === "") return this.fail("empty value");
    if (raw === "null") return null;
    if (raw === "true" || raw === "false") return raw === "true";
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    return `\${${raw}}`;
  }

  /** Index of the bracket closing the one at `open`, skipping quoted strings. */
  private closing(open: number, left: string, right: string): number {
    let depth = 0;
    for (let i = open; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '"') {
        for (i++; i < this.text.length && this.text[i] !== '"'; i++) {
          if (this.text[i] === "\\") i++;
        }
      } else if (c === left) depth++;
      else if (c === right && --depth === 0) return i;
    }
    return this.fail(`unbalanced ${left}`);
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos++;
  }

  private consume(token: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private expect(token: string): void {
    if (!this.consume(token)) this.fail(`expected ${token}`);
  }

  private fail(message: string): never {
    throw new Error(`${message} at ${this.pos}: ${this.text.slice(this.pos, this.pos + 40)}`);
  }
}
