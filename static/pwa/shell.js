// The service worker's offline part (imported by /sw.js, which defines SHELL): keeps the app
// shell, answers from it only when the network fails, and sends kept check-ins on Background
// Sync. A person's own pages are never kept: they are sent "private, no-store".
"use strict";

var SHELL_CACHE = "crylog-shell-" + SHELL.version;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return cache.addAll(SHELL.files.concat([SHELL.page])).then(function () {
        // The help page as anyone sees it, so "I need help now" works with no signal.
        var help = new Request(SHELL.help, { credentials: "omit" });
        return fetch(help).then(function (response) {
          if (response.ok) return cache.put(SHELL.help, response);
        });
      });
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            return name.indexOf("crylog-shell-") === 0 && name !== SHELL_CACHE;
          })
          .map(function (name) {
            return caches.delete(name);
          })
      );
    })
  );
});

function fromShell(path) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(path);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Network first, always: cached pages only when the network fails.
    event.respondWith(
      fetch(request).catch(function () {
        var page = url.pathname === SHELL.help ? SHELL.help : SHELL.page;
        return fromShell(page).then(function (kept) {
          return kept || Response.error();
        });
      })
    );
    return;
  }
  if (SHELL.files.indexOf(url.pathname) !== -1) {
    event.respondWith(
      fromShell(url.pathname).then(function (kept) {
        return kept || fetch(request);
      })
    );
  }
});

function tellWindows(message) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (client) {
      client.postMessage(message);
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag !== CrylogQueue.SYNC_TAG) return;
  event.waitUntil(
    CrylogQueue.flush().then(function (outcome) {
      return tellWindows({ type: "crylog-checkins", outcome: outcome });
    })
  );
});
