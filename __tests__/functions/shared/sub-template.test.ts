// matchesFilledTemplate must say exactly what filling the template and
// matching the filled prefix says, for every template, path and safe sub.
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { isSafeSegment, matchesPrefix } from "../../../functions/shared/path";
import {
  fillSubTemplate,
  matchesFilledTemplate,
  SUB_PLACEHOLDER,
} from "../../../functions/shared/sub-template";

const SUB = "3f1c9a52-8d4e-4b7a-9c21-5e6f7a8b9c0d";

// Few characters, so that paths, subs and template parts often share text.
const segment = fc.stringMatching(/^[ab{}.-]{0,4}$/);
const sub = fc
  .oneof(segment, fc.constant(SUB), fc.constant("a"))
  .filter((s) => isSafeSegment(s, 128));
const template = fc
  .array(fc.oneof(segment, fc.constant(SUB_PLACEHOLDER)), { minLength: 1, maxLength: 4 })
  .chain((segments) => fc.boolean().map((folder) => `/${segments.join("/")}${folder ? "/" : ""}`));

describe("matchesFilledTemplate", () => {
  it("agrees with matchesPrefix on the filled template", () => {
    fc.assert(
      fc.property(template, sub, fc.array(segment, { maxLength: 5 }), (t, s, rest) => {
        const filled = fillSubTemplate(t, s);
        // Paths near the filled template as well as arbitrary ones.
        for (const path of [filled, `${filled}${rest.join("/")}`, `/${rest.join("/")}`]) {
          assert.equal(matchesFilledTemplate(path, t, s), matchesPrefix(path, filled), path);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["/users/{sub}/", `/users/${SUB}/a.pdf`, true],
    ["/users/{sub}/", `/users/${SUB}`, false],
    ["/users/{sub}/", `/users/${SUB}x/a.pdf`, false],
    ["/users/{sub}/", `/users/other/a.pdf`, false],
    ["/users/{sub}/profile.json", `/users/${SUB}/profile.json`, true],
    ["/users/{sub}/profile.json", `/users/${SUB}/profile.json.bak`, false],
    ["/a/{sub}/b/{sub}/", `/a/${SUB}/b/${SUB}/c`, true],
    ["/a/{sub}/b/{sub}/", `/a/${SUB}/b/other/c`, false],
  ])("%s against %s: %s", (t, path, expected) => {
    expect(matchesFilledTemplate(path, t, SUB)).toBe(expected);
  });
});
