// Text from a plan (names, ARNs, config values a pull request can set) placed
// in Markdown without being read as Markdown or HTML: inside code spans and
// fences long enough never to be closed by the text itself, so no mention,
// link, image or HTML tag in a value reaches the rendered comment.

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** An inline code span holding `text` verbatim (one line; `|` escaped for table cells). */
export function code(text: string): string {
  const line = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const fence = "`".repeat(longestBacktickRun(line) + 1);
  const pad = line.startsWith("`") || line.endsWith("`") || line.trim() === "" ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fenced block holding `text` verbatim. */
export function fenced(text: string, info = "text"): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${info}\n${text.replace(/\n+$/, "")}\n${fence}`;
}
