// The plan comment against a GitHub REST API stand-in on loopback (the
// issue-comment endpoints, with pagination): created once, then updated in
// place; a human's comment quoting the marker is left alone.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  commentBody,
  nextPage,
  upsertComment,
  type CommentTarget,
} from "../../scripts/ci/pr-comment";

interface Stored {
  id: number;
  body: string;
  user: { login: string };
}
let server: Server;
let comments: Stored[];
let requests: string[];
let target: CommentTarget;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      if (req.headers.authorization !== "Bearer test-token")
        return void res.writeHead(401).end("{}");
      const list = /^\/repos\/o\/r\/issues\/7\/comments$/.test(url.pathname);
      const one = /^\/repos\/o\/r\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (list && req.method === "GET") {
        const page = Number(url.searchParams.get("page") ?? "1");
        const size = 2;
        const slice = comments.slice((page - 1) * size, page * size);
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (page * size < comments.length)
          headers.link = `<http://127.0.0.1:${(server.address() as AddressInfo).port}${url.pathname}?per_page=100&page=${page + 1}>; rel="next"`;
        return void res.writeHead(200, headers).end(JSON.stringify(slice));
      }
      if (list && req.method === "POST") {
        const created = {
          id: 100 + comments.length,
          body: JSON.parse(raw).body,
          user: { login: "github-actions[bot]" },
        };
        comments.push(created);
        return void res
          .writeHead(201, { "content-type": "application/json" })
          .end(JSON.stringify(created));
      }
      if (one && req.method === "PATCH") {
        const found = comments.find((c) => c.id === Number(one[1]));
        if (!found) return void res.writeHead(404).end("{}");
        found.body = JSON.parse(raw).body;
        return void res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(found));
      }
      res.writeHead(404).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  target = {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    repository: "o/r",
    pullRequest: 7,
    token: "test-token",
    author: "github-actions[bot]",
  };
});

beforeEach(() => {
  requests = [];
  comments = [
    { id: 1, body: "LGTM", user: { login: "alice" } },
    { id: 2, body: "<!-- edge-gate-plan:dev -->\nquoted by a human", user: { login: "mallory" } },
    {
      id: 3,
      body: "<!-- edge-gate-plan:prod -->\nold prod",
      user: { login: "github-actions[bot]" },
    },
  ];
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("upsertComment", () => {
  it("creates the environment's comment when there is none of its author, after reading every page", async () => {
    const result = await upsertComment(
      target,
      "dev",
      commentBody("dev", "<!-- edge-gate-plan:dev -->\nplan"),
    );
    expect(result).toEqual({ id: 103, action: "created" });
    expect(comments[1].body).toBe("<!-- edge-gate-plan:dev -->\nquoted by a human");
    expect(requests.filter((r) => r.startsWith("GET"))).toHaveLength(2);
  });

  it("updates its own comment in place, found on a later page", async () => {
    const result = await upsertComment(
      target,
      "prod",
      commentBody("prod", "<!-- edge-gate-plan:prod -->\nnew prod"),
    );
    expect(result).toEqual({ id: 3, action: "updated" });
    expect(comments.find((c) => c.id === 3)!.body).toBe("<!-- edge-gate-plan:prod -->\nnew prod");
    expect(comments).toHaveLength(3);
  });

  it("fails with the status GitHub answered", async () => {
    await expect(upsertComment({ ...target, token: "wrong" }, "dev", "x")).rejects.toThrow(
      /GET \/repos\/o\/r\/issues\/7\/comments answered 401/,
    );
  });
});

describe("commentBody", () => {
  it("says the plan failed when there is no summary, with the run's address", () => {
    const body = commentBody("staging", undefined, "https://github.com/o/r/actions/runs/1");
    expect(body.startsWith("<!-- edge-gate-plan:staging -->\n")).toBe(true);
    expect(body).toContain(
      "**No plan summary.** The plan job failed or did not run: see https://github.com/o/r/actions/runs/1",
    );
  });

  it("adds the marker to a summary without one and stays within GitHub's limit", () => {
    const body = commentBody("dev", "x".repeat(70_000));
    expect(body.startsWith("<!-- edge-gate-plan:dev -->\n")).toBe(true);
    expect(body.length).toBeLessThanOrEqual(65_536);
  });

  it("reads the next page from a Link header", () => {
    expect(nextPage('<https://api/x?page=2>; rel="next", <https://api/x?page=5>; rel="last"')).toBe(
      "https://api/x?page=2",
    );
    expect(nextPage(null)).toBeUndefined();
  });
});
