// crylog as an installable app: registers the service worker (/sw.js, templates/pwa/sw.js) on
// every page. It is an ES module, so it is registered as one; a browser that cannot run a
// module service worker keeps crylog as a website (docs/architecture.md, Offline).
import { urls } from "../crylog/urls.js";

async function register() {
  try {
    // Its scope is the folder of /sw.js, the whole site.
    return await navigator.serviceWorker.register(urls.serviceWorker, { type: "module" });
  } catch {
    return null;
  }
}

// This page's registration, or null where there is none.
export const registration = "serviceWorker" in navigator ? register() : Promise.resolve(null);
