// The service worker's offline part (imported by /sw.js, templates/pwa/sw.js): keeps the app
// shell, answers from it only when the network fails, and sends kept check-ins on Background
// Sync. A person's own pages are never kept: they are sent "private, no-store".
import { OUTCOME_MESSAGE, SYNC_TAG } from "./queue.js";

const CACHE_PREFIX = "crylog-shell-";

// `shell` is what /sw.js carries: version, language, page (the app shell), help, files (the
// catalogue of the scripts' words in that language among them).
export function keepShell(shell, queue) {
  const cacheName = CACHE_PREFIX + shell.version;
  const fromShell = async (path) => (await caches.open(cacheName)).match(path);

  self.addEventListener("install", (event) => {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(cacheName);
        await cache.addAll([...shell.files, shell.page]);
        // The help page as anyone sees it, so "I need help now" works with no signal; in the
        // person's language, which their browser may not ask for.
        const response = await fetch(
          new Request(shell.help, {
            credentials: "omit",
            headers: { "Accept-Language": shell.language },
          }),
        );
        if (response.ok) await cache.put(shell.help, response);
      })(),
    );
  });

  self.addEventListener("activate", (event) => {
    event.waitUntil(
      (async () => {
        const old = (await caches.keys()).filter(
          (name) => name.startsWith(CACHE_PREFIX) && name !== cacheName,
        );
        await Promise.all(old.map((name) => caches.delete(name)));
      })(),
    );
  });

  self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET") return;
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (request.mode === "navigate") {
      // Network first, always: kept pages only when the network fails.
      event.respondWith(
        fetch(request).catch(async () => {
          const page = url.pathname === shell.help ? shell.help : shell.page;
          return (await fromShell(page)) || Response.error();
        }),
      );
      return;
    }
    if (shell.files.includes(url.pathname)) {
      event.respondWith(fromShell(url.pathname).then((kept) => kept || fetch(request)));
    }
  });

  self.addEventListener("sync", (event) => {
    if (event.tag !== SYNC_TAG) return;
    event.waitUntil(
      (async () => {
        const outcome = await queue.flush();
        const windows = await self.clients.matchAll({ type: "window" });
        for (const client of windows) client.postMessage({ type: OUTCOME_MESSAGE, outcome });
      })(),
    );
  });
}
