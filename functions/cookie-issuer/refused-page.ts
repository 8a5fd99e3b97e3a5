// The page CloudFront shows for a 403 on a protected path (the distribution's
// custom error response fetches /_auth/refused). CloudFront does not tell the
// error page which URL was refused, but the browser's address bar still holds
// it, so a small script sends the browser to login with that path, once per
// path per minute: a signed-in user refused again (no access, or an object
// that does not exist: S3 answers 403 for both) sees the page and a link
// instead of a redirect loop. CloudFront fetches the page with a request of
// its own, so it is one page for every viewer; programs read the status.
import { htmlPage, type HtmlPage } from "../shared/hosted-ui/login-failure-page";

/**
 * CloudFront's refusal of a request without valid signed cookies, and the
 * status the distribution's error response catches and keeps: the issuer
 * itself never answers with it (see http.ts), or its answer would become this
 * page.
 */
export const REFUSED_STATUS = 403;

/** The page's route below the issuer's base path. */
export const REFUSED_ROUTE = "/refused";

/** How long one automatic attempt per path blocks the next (milliseconds). */
const RETRY_AFTER_MS = 60_000;

/** JSON for a <script> body: "<" escaped so no string can end the element. */
function scriptLiteral(value: string): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * The page as the issuer serves it: 200, since CloudFront serves an error
 * page it could fetch and sends it with the configured status (403); a page
 * path answering an error would count as unavailable.
 */
export function refusedPage(loginPath: string): HtmlPage {
  const page = htmlPage(
    200,
    "Sign-in required",
    "You need to sign in, or your account may not read this page.",
    { href: loginPath, label: "Sign in" },
  );
  const script =
    `<script>(function(){var p=location.pathname+location.search;` +
    `var href=${scriptLiteral(loginPath)}+"?path="+encodeURIComponent(p);` +
    `var a=document.querySelector("a");if(a)a.href=href;` +
    `var k="edge-gate-login:"+p,t=0;try{t=Number(sessionStorage.getItem(k))||0}catch(e){}` +
    `if(Date.now()-t>${RETRY_AFTER_MS}){try{sessionStorage.setItem(k,String(Date.now()))}catch(e){}` +
    `location.replace(href)}})()</script>`;
  return { status: page.status, body: page.body.replace("</body>", `${script}</body>`) };
}
