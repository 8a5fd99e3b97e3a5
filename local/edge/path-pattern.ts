// CloudFront's cache-behaviour path patterns: `*` matches any run of
// characters (none too, "/" included), `?` exactly one, everything else
// itself, case-sensitive; a leading "/" is optional in the pattern; the first
// ordered behaviour whose pattern matches wins, else the default behaviour.

const cache = new Map<string, RegExp>();

/**
 * A CloudFront wildcard pattern as a whole-string RegExp: `*` any run of
 * characters, `?` exactly one, everything else itself. Signed-URL policies'
 * Resource uses the same syntax.
 */
export function wildcardRegExp(pattern: string): RegExp {
  const source = [...pattern]
    .map((c) =>
      c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${source}$`);
}

function compile(pattern: string): RegExp {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = wildcardRegExp(pattern.startsWith("/") || pattern === "*" ? pattern : `/${pattern}`);
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** Whether `path` (the normalized URI path, no query string) matches `pattern`. */
export function pathMatches(pattern: string, path: string): boolean {
  return compile(pattern).test(path);
}

/** Index of the first ordered behaviour matching `path`, or -1 for the default behaviour. */
export function matchBehaviour(patterns: readonly string[], path: string): number {
  return patterns.findIndex((pattern) => pathMatches(pattern, path));
}

/** The behaviour that serves `path`: the first ordered one matching, else the default (last). */
export function behaviourFor<B extends { pathPattern: string | null }>(
  behaviours: readonly B[],
  path: string,
): B {
  const index = matchBehaviour(
    behaviours.slice(0, -1).map((b) => b.pathPattern as string),
    path,
  );
  return behaviours[index === -1 ? behaviours.length - 1 : index];
}
