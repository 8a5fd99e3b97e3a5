// The cross-process bundle cache: used only when a directory is named, and
// only while every input still has the content the code was built from.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUNDLE_CACHE_VARIABLE, cachedBuild, type Build } from "../../stacks/bundle-cache";

let root: string;
let input: string;
let builds: number;
const build = (): Build => {
  builds += 1;
  return { code: `built from ${fs.readFileSync(input, "utf8")}`, inputs: [input] };
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "edge-gate-bundle-cache-"));
  input = path.join(root, "handler.ts");
  fs.writeFileSync(input, "one");
  builds = 0;
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const env = () => ({ [BUNDLE_CACHE_VARIABLE]: path.join(root, "cache") });

it("builds every time when no cache directory is named", () => {
  expect(cachedBuild("entry", build, {})).toBe("built from one");
  expect(cachedBuild("entry", build, {})).toBe("built from one");
  expect(builds).toBe(2);
  expect(fs.existsSync(path.join(root, "cache"))).toBe(false);
});

it("builds once per key while the inputs are unchanged", () => {
  expect(cachedBuild("entry", build, env())).toBe("built from one");
  expect(cachedBuild("entry", build, env())).toBe("built from one");
  expect(builds).toBe(1);
  expect(cachedBuild("other options", build, env())).toBe("built from one");
  expect(builds).toBe(2);
});

it("builds again when an input changed or disappeared", () => {
  cachedBuild("entry", build, env());
  fs.writeFileSync(input, "two");
  expect(cachedBuild("entry", build, env())).toBe("built from two");
  expect(builds).toBe(2);
  fs.rmSync(input);
  expect(() => cachedBuild("entry", build, env())).toThrow(/ENOENT/);
  expect(builds).toBe(3);
});

it("builds when an entry is unreadable, and replaces it", () => {
  cachedBuild("entry", build, env());
  const [entry] = fs.readdirSync(path.join(root, "cache"));
  fs.writeFileSync(path.join(root, "cache", entry), "{not json");
  expect(cachedBuild("entry", build, env())).toBe("built from one");
  expect(cachedBuild("entry", build, env())).toBe("built from one");
  expect(builds).toBe(2);
});
