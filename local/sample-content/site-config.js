// What every sample page starts with: the folder the pages are served from
// (read off the stylesheet link, which the site writer fills in) and the
// site's config (site-config.json, beside the pages).
/* global document, fetch, window */
"use strict";

window.EdgeGateSite = {
  /** `{ site, config }`: the pages' folder ("/public/" say) and the parsed site-config.json. */
  async load() {
    const site = document
      .querySelector("link[rel=stylesheet]")
      .getAttribute("href")
      .replace(/site\.css$/, "");
    const config = await (
      await fetch(`${site}site-config.json`, { credentials: "same-origin" })
    ).json();
    return { site, config };
  },
};
