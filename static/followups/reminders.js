// The reminders page: turn on Web Push for this device, started by a tap (iOS requires one).
"use strict";

(function () {
  function base64UrlToBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function setUp(root) {
    var error = root.querySelector("[data-push-error]");

    function show(state) {
      root.querySelectorAll("[data-push-state]").forEach(function (element) {
        element.hidden = element.dataset.pushState !== state;
      });
    }

    function fail(message) {
      show("ready");
      error.textContent = "Notifications could not be turned on: " + message;
      error.hidden = false;
    }

    var standalone =
      window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
    var apple =
      /iPhone|iPad|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
    root.querySelector("[data-push-standalone]").hidden = !standalone;

    var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
    // On iOS and iPadOS, Web Push exists only in an app added to the Home Screen.
    if (apple && !standalone) return show("ios-install");
    if (!supported) return show("unsupported");
    if (Notification.permission === "denied") return show("denied");

    navigator.serviceWorker.register("/sw.js", { scope: "/" });
    navigator.serviceWorker.ready
      .then(function (registration) {
        return registration.pushManager.getSubscription();
      })
      .then(function (subscription) {
        show(subscription && Notification.permission === "granted" ? "on" : "ready");
      });

    root.querySelector("[data-push-subscribe]").addEventListener("click", function () {
      error.hidden = true;
      // Asked right inside the tap: iOS refuses a permission prompt that is not.
      Notification.requestPermission()
        .then(function (permission) {
          if (permission !== "granted") {
            show(permission === "denied" ? "denied" : "ready");
            return;
          }
          show("working");
          return navigator.serviceWorker.ready
            .then(function (registration) {
              return registration.pushManager.subscribe({
                userVisibleOnly: true,
                applicationServerKey: base64UrlToBytes(root.dataset.vapidKey),
              });
            })
            .then(function (subscription) {
              var headers = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}");
              headers["Content-Type"] = "application/json";
              return fetch(root.dataset.subscribeUrl, {
                method: "POST",
                headers: headers,
                credentials: "same-origin",
                body: JSON.stringify(subscription.toJSON()),
              });
            })
            .then(function (response) {
              if (!response.ok) throw new Error("the server said " + response.status);
              window.location.reload();
            });
        })
        .catch(function (problem) {
          fail(problem && problem.message ? problem.message : String(problem));
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-push]");
    if (root) setUp(root);
  });
})();
