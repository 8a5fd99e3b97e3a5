// What the tests' in-page callbacks use of the page's globals, typed here:
// the project compiles without the DOM library, and these few are all the
// tests touch (they run in Chromium, never in Node). Callbacks are sent to
// the page as source text, so each names `globalThis` itself.
import type { Page } from "playwright-core";

interface InPageImage {
  onload: (() => void) | null;
  onerror: (() => void) | null;
  src: string;
}

export interface InPage {
  document: {
    createElement(tag: "img"): InPageImage;
    body: { append(node: InPageImage): void };
  };
  navigator: { serviceWorker: { controller: object | null } };
  /** The sample site's bearer-JWT sign-in helper (local/sample-content/bearer-login.js). */
  EdgeGateBearer: {
    authorizationHeaders(): Record<string, string>;
    /** Set once the page registers the worker; settles when the worker holds this tab's token. */
    gate?: Promise<unknown>;
  };
}

/** Whether a plain <img src> loads (all a page learns of it). */
export const imageLoads = (page: Page, src: string): Promise<boolean> =>
  page.evaluate(
    (s) =>
      new Promise<boolean>((resolve) => {
        const { document } = globalThis as unknown as InPage;
        const img = document.createElement("img");
        img.onload = () => resolve(true);
        img.onerror = () => resolve(false);
        img.src = s;
        document.body.append(img);
      }),
    src,
  );
