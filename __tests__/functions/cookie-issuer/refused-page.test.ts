// The page CloudFront serves with its own 403 (the distribution's custom
// error response fetches /_auth/refused), and the rule that keeps the
// issuer's other answers away from that page: the issuer itself never sends
// a 403. CloudFront fetches the page with its own request, so the page is
// one page for every viewer: it cannot answer programs differently.
import { pastErrorPage, statusPastErrorPage } from "../../../functions/cookie-issuer/http";
import { REFUSED_STATUS, refusedPage } from "../../../functions/cookie-issuer/refused-page";
import { htmlPage } from "../../../functions/shared/hosted-ui/login-failure-page";
import {
  generateCloudFrontKey,
  issuerEvent,
  startIssuerHarness,
  type IssuerHarness,
} from "../../support/cookie-issuer-harness";

let h: IssuerHarness;
beforeAll(async () => {
  h = await startIssuerHarness(generateCloudFrontKey("ec"));
});
afterAll(() => h.close());

describe("refusedPage", () => {
  it("is a page CloudFront can serve: 200 here, sent to the viewer with CloudFront's 403", () => {
    const page = refusedPage("/_auth/login");
    expect(page.status).toBe(200);
    expect(REFUSED_STATUS).toBe(403);
    expect(page.body).toContain('<a href="/_auth/login">Sign in</a>');
    expect(page.body).toContain('"/_auth/login"+"?path="+encodeURIComponent(p)');
  });
});

describe("GET /_auth/refused", () => {
  it("answers 200, HTML, never cached", async () => {
    const result = await h.handler()(issuerEvent("GET", "/_auth/refused"));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["content-type"]).toBe("text/html; charset=utf-8");
    expect(result.headers?.["cache-control"]).toBe("no-store");
  });

  it("is the same page whoever asks: nothing of the viewer's request reaches it", async () => {
    const handle = h.handler();
    const viewers: Record<string, string>[] = [
      {},
      { accept: "application/json" },
      { accept: "text/html", "sec-fetch-mode": "navigate" },
      { "sec-fetch-mode": "cors", origin: "https://app.example.com" },
    ];
    const answers = await Promise.all(
      viewers.map((headers) => handle(issuerEvent("GET", "/_auth/refused", { headers }))),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });
});

describe("no 403 from the issuer", () => {
  it("sends a refusal CloudFront's page would catch as 422, and every other status as is", () => {
    expect(statusPastErrorPage(REFUSED_STATUS)).toBe(422);
    for (const status of [200, 204, 302, 307, 400, 401, 404, 405, 422, 429, 500, 502, 503]) {
      expect(statusPastErrorPage(status)).toBe(status);
    }
  });

  it("keeps a page's body, headers and cookies when it moves it past the error page", () => {
    const page = htmlPage(REFUSED_STATUS, "No files for you here", "You may read nothing.");
    const result = pastErrorPage({
      statusCode: page.status,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      cookies: ["a=; Max-Age=0"],
      body: page.body,
    });
    expect(result).toEqual({
      statusCode: 422,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      cookies: ["a=; Max-Age=0"],
      body: page.body,
    });
  });
});
