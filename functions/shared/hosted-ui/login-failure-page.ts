// What a browser sees when a login callback fails: a short HTML page with
// the status that fits, a plain explanation and a link that starts a fresh
// login — never an automatic redirect (a browser that drops cookies would
// loop forever) and never a stack trace.
import type { LoginFailure } from "./login-flow";

export interface HtmlPage {
  status: number;
  body: string;
}

const PAGES: Record<LoginFailure, { status: number; title: string; text: string }> = {
  access_denied: { status: 403, title: "Sign-in cancelled", text: "Sign-in was cancelled." },
  cognito_error: {
    status: 400,
    title: "Sign-in failed",
    text: "The sign-in service reported an error.",
  },
  no_login_cookie: {
    status: 400,
    title: "Sign-in failed",
    text: "Your browser did not send back the sign-in cookie. Check that cookies are allowed for this site.",
  },
  unknown_login: {
    status: 400,
    title: "Sign-in link used",
    text: "This sign-in response was already used or has expired.",
  },
  expired_login: { status: 400, title: "Sign-in expired", text: "The sign-in took too long." },
  state_mismatch: {
    status: 400,
    title: "Sign-in failed",
    text: "This sign-in response does not belong to a sign-in in progress in this browser. It may have been started in another browser, or replaced by newer sign-ins in other tabs.",
  },
  missing_code: {
    status: 400,
    title: "Sign-in failed",
    text: "The sign-in response was incomplete.",
  },
  exchange_failed: {
    status: 502,
    title: "Sign-in failed",
    text: "The sign-in service could not complete the sign-in.",
  },
  invalid_id_token: {
    status: 502,
    title: "Sign-in failed",
    text: "The sign-in service returned an identity that could not be verified.",
  },
  keys_unavailable: {
    status: 503,
    title: "Sign-in unavailable",
    text: "The sign-in service is not reachable right now. Try again in a moment.",
  },
};

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A small HTML page with a title, one paragraph and optionally one link. */
export function htmlPage(
  status: number,
  title: string,
  text: string,
  link?: { href: string; label: string },
): HtmlPage {
  const anchor = link
    ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`
    : "";
  return {
    status,
    body:
      `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${escapeHtml(title)}</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${anchor}</body></html>`,
  };
}

/** The page for `failure`, linking to a fresh login at `loginPath` that returns to `returnPath`. */
export function loginFailurePage(
  failure: LoginFailure,
  loginPath: string,
  returnPath: string,
): HtmlPage {
  const page = PAGES[failure];
  return htmlPage(page.status, page.title, page.text, {
    href: `${loginPath}?path=${encodeURIComponent(returnPath)}`,
    label: "Sign in again",
  });
}
