// The answer to a valid session on a path the rules do not give its user:
// 403, a short page for a browser navigation and JSON for a program. Never a
// login redirect: the user is signed in, and a new login would end in the
// same refusal, over and over.
import type { CloudFrontResultResponse } from "aws-lambda";
import type { CloudFrontRequest } from "../shared/cloudfront-event";
import { htmlPage } from "../shared/hosted-ui/login-failure-page";
import { isNavigation } from "../shared/request-kind";
import { jsonResponse } from "../shared/responses";

// Groups are read from the session, recorded at login: a membership granted
// since then shows only in a new session. Made by the first refusal that
// shows it, not at cold start, which most instances would pay for nothing.
let page: string | undefined;
const forbiddenPage = () =>
  (page ??= htmlPage(
    403,
    "Access denied",
    "You are signed in, but your account may not read this page. If you were given access since you signed in, sign out and sign in again.",
  ).body);

/** 403 for `request`: HTML for a navigation, `{"error":"forbidden"}` otherwise; never cached. */
export function forbidden(request: CloudFrontRequest): CloudFrontResultResponse {
  if (!isNavigation(request)) return jsonResponse(403, { error: "forbidden" });
  return {
    status: "403",
    statusDescription: "Forbidden",
    headers: {
      "content-type": [{ key: "Content-Type", value: "text/html; charset=utf-8" }],
      "cache-control": [{ key: "Cache-Control", value: "no-store" }],
    },
    body: forbiddenPage(),
  };
}
