// The path rules every protection mode shares (`protection.paths`): public
// prefixes, group folders and `{sub}` user folders, and the refusal of rules
// that contradict each other. Public paths are decided first, so a public
// prefix that meets a user or group folder would silently open it.
import { z } from "zod";
import { pathPrefix, staticPrefix, strictObject } from "./fields";

const SUB = "{sub}";

/** A Cognito group name, as CreateGroup accepts it. */
export const groupName = z
  .string()
  .regex(
    /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u,
    "a Cognito group name (1-128 letters, digits, symbols, no spaces)",
  );

const userTemplate = pathPrefix.refine(
  (p) => p.split("/").includes(SUB),
  "a path template with '{sub}' as one whole segment, e.g. /users/{sub}/",
);

// A prefix ending in "/" is a folder, so "/" would open every path: the
// opposite of protecting anything, in every mode. The landing page is /index.html.
const publicPrefix = staticPrefix.refine(
  (p) => p !== "/",
  "not '/' (a prefix ending in '/' is a folder: '/' would make every path public; list /index.html for the landing page)",
);

const rules = strictObject({
  /** Readable by anyone, without signing in (a landing page, /favicon.ico, ...). */
  public: z.array(publicPrefix).default([]),
  /** Readable by members of a Cognito group (created by the stack). */
  groups: z.array(strictObject({ group: groupName, prefix: staticPrefix })).default([]),
  /** Templates with a `{sub}` segment: each user reads only their own folder. */
  users: z.array(userTemplate).default([]),
});

export type PathRuleSettings = z.output<typeof rules>;

export interface RuleProblem {
  /** Where, below `paths`: ["public", 0], ["groups", 1, "prefix"], ... */
  path: (string | number)[];
  message: string;
}

/** A prefix as segments: "/a/b/" is the folder [a, b], "/a/b" the exact path [a, b], "/" the folder []. */
interface Shape {
  segments: string[];
  folder: boolean;
}

function shapeOf(prefix: string): Shape {
  const folder = prefix.endsWith("/");
  const segments = prefix.slice(1, folder ? -1 : undefined).split("/");
  return { segments: segments[0] === "" ? [] : segments, folder };
}

/** Whether `value` passes `field`'s own check, which reports it otherwise. */
const valid = (field: z.ZodType, value: string) => field.safeParse(value).success;

const sameSegment = (a: string, b: string) => a === b || a === SUB || b === SUB;

/** Whether some path falls under both prefixes, `{sub}` standing for any one segment. */
export function overlaps(a: string, b: string): boolean {
  const [x, y] = [shapeOf(a), shapeOf(b)];
  const common = Math.min(x.segments.length, y.segments.length);
  for (let i = 0; i < common; i++) if (!sameSegment(x.segments[i], y.segments[i])) return false;
  if (x.segments.length === y.segments.length) return x.folder === y.folder;
  return (x.segments.length < y.segments.length ? x : y).folder;
}

/** Whether every path under `inner`, whatever fills its `{sub}`, falls under the static `outer`. */
export function covers(outer: string, inner: string): boolean {
  const [x, y] = [shapeOf(outer), shapeOf(inner)];
  if (x.segments.length > y.segments.length) return false;
  if (!x.segments.every((segment, i) => segment === y.segments[i])) return false;
  return x.segments.length === y.segments.length ? x.folder === y.folder : x.folder;
}

const show = (...path: (string | number)[]) => ["protection.paths", ...path].join(".");

/**
 * Rules that contradict each other, each reported at the rule that would
 * override or blur another, naming that other rule:
 * - a public prefix that covers, or lies in, a user folder: public is decided
 *   first, so users' own folders would be public;
 * - a public prefix that covers, or lies in, a group folder, for the same
 *   reason; a group folder "/" (members read the whole site) is the one
 *   exception, since public paths can then only lie in it;
 * - one prefix given to two groups: refused rather than read as "either
 *   group", so no reader has to guess; members of several groups get one group.
 */
export function contradictions(paths: PathRuleSettings): RuleProblem[] {
  const problems: RuleProblem[] = [];
  paths.public.forEach((open, i) => {
    if (!valid(publicPrefix, open)) return;
    const here = ["public", i];
    paths.users.forEach((template, j) => {
      if (!valid(userTemplate, template) || !overlaps(open, template)) return;
      const other = `${show("users", j)} (${JSON.stringify(template)})`;
      problems.push({
        path: here,
        message: covers(open, template)
          ? `${JSON.stringify(open)} covers the user folders of ${other}: public paths are decided first, so every user's folder there would be public`
          : `${JSON.stringify(open)} overlaps a user folder of ${other}: public paths are decided first, so part of a user's own folder would be public`,
      });
    });
    paths.groups.forEach(({ group, prefix }, j) => {
      if (prefix === "/" || !valid(staticPrefix, prefix) || !overlaps(open, prefix)) return;
      const other = `the folder of group ${JSON.stringify(group)} (${show("groups", j)}, ${JSON.stringify(prefix)})`;
      problems.push({
        path: here,
        message: covers(open, prefix)
          ? `${JSON.stringify(open)} covers ${other}: public paths are decided first, so it would be public`
          : `${JSON.stringify(open)} lies in ${other}: public paths are decided first, so that part of it would be public; keep public paths outside group folders`,
      });
    });
  });
  paths.groups.forEach(({ group, prefix }, j) => {
    const first = paths.groups.findIndex((g) => g.prefix === prefix);
    if (first === j) return;
    const earlier = paths.groups[first];
    problems.push({
      path: ["groups", j, "prefix"],
      message:
        earlier.group === group
          ? `${JSON.stringify(prefix)} is listed twice for group ${JSON.stringify(group)} (${show("groups", first)})`
          : `${JSON.stringify(prefix)} is already the folder of group ${JSON.stringify(earlier.group)} (${show("groups", first)}): a folder belongs to one group; to let several groups read it, make one group for it and add their members`,
    });
  });
  return problems;
}

/** `protection.paths` of every mode; rules that contradict each other fail synth. */
export const pathRules = rules.superRefine((paths, ctx) => {
  for (const problem of contradictions(paths)) {
    ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  }
});
