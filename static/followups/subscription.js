// crylog as an installable app: the service worker shows reminders pushed to this device.
"use strict";

(function () {
  if (!("serviceWorker" in navigator)) return;

  var SUBSCRIBE_URL = "/reminders/devices/";
  var SYNCED_KEY = "crylog-push-synced";
  var DAY = 24 * 60 * 60 * 1000;

  function csrfHeaders() {
    var headers = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}");
    headers["Content-Type"] = "application/json";
    return headers;
  }

  // Browsers sometimes renew a push subscription; telling the server once a day keeps the
  // device list right without asking the person anything.
  function resendSubscription(registration) {
    if (!("PushManager" in window) || !("Notification" in window)) return;
    if (Notification.permission !== "granted") return;
    // Only a person signed in has a CSRF token on the page, and devices to keep.
    if (!document.body.hasAttribute("data-crylog-user")) return;
    var synced = Number(window.localStorage.getItem(SYNCED_KEY) || 0);
    if (Date.now() - synced < DAY) return;
    registration.pushManager.getSubscription().then(function (subscription) {
      if (!subscription) return;
      return fetch(SUBSCRIBE_URL, {
        method: "POST",
        headers: csrfHeaders(),
        credentials: "same-origin",
        redirect: "manual",
        body: JSON.stringify(subscription.toJSON()),
      }).then(function (response) {
        if (response.ok) window.localStorage.setItem(SYNCED_KEY, String(Date.now()));
      });
    }).catch(function () {});
  }

  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(resendSubscription)
    .catch(function () {});
})();
