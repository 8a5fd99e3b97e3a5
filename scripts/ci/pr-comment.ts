// Creates or updates the one pull-request comment that holds an
// environment's plan summary, through GitHub's REST API: the comment is
// found by its hidden marker line and its author, so each push edits the
// same comment instead of adding another, and a human's comment that quotes
// the marker is never touched.
import { commentMarker, GITHUB_COMMENT_LIMIT } from "../plan-review/markdown";

export interface CommentTarget {
  /** e.g. https://api.github.com ($GITHUB_API_URL in Actions). */
  apiUrl: string;
  /** owner/name ($GITHUB_REPOSITORY). */
  repository: string;
  pullRequest: number;
  token: string;
  /** Login whose comments may be edited; Actions' token comments as github-actions[bot]. */
  author: string;
}

interface IssueComment {
  id: number;
  body?: string;
  user?: { login?: string } | null;
}

async function github(
  target: CommentTarget,
  method: string,
  url: string,
  body?: object,
): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${target.token}`,
      "x-github-api-version": "2022-11-28",
      "user-agent": "edge-gate-plan-comment",
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    const detail = (await response.text()).slice(0, 500);
    throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}: ${detail}`);
  }
  return response;
}

/** The URL of the next page from a Link header, if any. */
export function nextPage(link: string | null): string | undefined {
  for (const part of (link ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

/** The comment body for an environment: the summary, or a failure notice when there is none. */
export function commentBody(
  environment: string,
  summary: string | undefined,
  runUrl?: string,
): string {
  const marker = commentMarker(environment);
  let body =
    summary !== undefined && summary.trim() !== ""
      ? summary
      : `${marker}\n### Plan for \`${environment}\`\n\n**No plan summary.** The plan job failed or did not run${runUrl ? `: see ${runUrl}` : "; see the workflow run"}.\n`;
  if (!body.startsWith(marker)) body = `${marker}\n${body}`;
  if (body.length > GITHUB_COMMENT_LIMIT) {
    const note = `\n\n_Cut to fit a comment${runUrl ? `; the whole summary: ${runUrl}` : ""}._\n`;
    body = body.slice(0, GITHUB_COMMENT_LIMIT - note.length) + note;
  }
  return body;
}

/** Updates the environment's comment if there is one, else creates it; returns its id and what was done. */
export async function upsertComment(
  target: CommentTarget,
  environment: string,
  body: string,
): Promise<{ id: number; action: "created" | "updated" }> {
  const marker = commentMarker(environment);
  const base = `${target.apiUrl.replace(/\/+$/, "")}/repos/${target.repository}`;
  let url: string | undefined = `${base}/issues/${target.pullRequest}/comments?per_page=100`;
  while (url) {
    const response = await github(target, "GET", url);
    const comments = (await response.json()) as IssueComment[];
    const ours = comments.find(
      (c) => c.user?.login === target.author && (c.body ?? "").startsWith(marker),
    );
    if (ours) {
      await github(target, "PATCH", `${base}/issues/comments/${ours.id}`, { body });
      return { id: ours.id, action: "updated" };
    }
    url = nextPage(response.headers.get("link"));
  }
  const created = await github(target, "POST", `${base}/issues/${target.pullRequest}/comments`, {
    body,
  });
  return { id: ((await created.json()) as IssueComment).id, action: "created" };
}
