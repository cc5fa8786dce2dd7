// The reminders page: turn on Web Push for this device, started by a tap (iOS requires one).
// The service worker is registered on every page (static/pwa/register.js).
import { csrfHeaders } from "../crylog/csrf.js";
import { gettext, interpolate } from "../crylog/i18n.js";

function base64UrlToBytes(text) {
  const padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(window.atob(padded), (character) => character.charCodeAt(0));
}

function setUp(root) {
  const error = root.querySelector("[data-push-error]");

  function show(state) {
    for (const element of root.querySelectorAll("[data-push-state]")) {
      element.hidden = element.dataset.pushState !== state;
    }
  }

  function fail(reason) {
    show("ready");
    const words = gettext("Notifications could not be turned on: %(reason)s");
    error.textContent = interpolate(words, { reason }, true);
    error.hidden = false;
  }

  const standalone =
    window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  const apple =
    /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  root.querySelector("[data-push-standalone]").hidden = !standalone;

  const supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  // On iOS and iPadOS, Web Push exists only in an app added to the Home Screen.
  if (apple && !standalone) return show("ios-install");
  if (!supported) return show("unsupported");
  if (Notification.permission === "denied") return show("denied");

  navigator.serviceWorker.ready
    .then((registration) => registration.pushManager.getSubscription())
    .then((subscription) => {
      show(subscription && Notification.permission === "granted" ? "on" : "ready");
    });

  async function subscribe() {
    // Asked right inside the tap: iOS refuses a permission prompt that is not.
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      show(permission === "denied" ? "denied" : "ready");
      return;
    }
    show("working");
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(root.dataset.vapidKey),
    });
    const response = await fetch(root.dataset.subscribeUrl, {
      method: "POST",
      headers: csrfHeaders("application/json"),
      credentials: "same-origin",
      body: JSON.stringify(subscription.toJSON()),
    });
    if (!response.ok) {
      const words = gettext("the server said %(status)s");
      throw new Error(interpolate(words, { status: response.status }, true));
    }
    window.location.reload();
  }

  root.querySelector("[data-push-subscribe]").addEventListener("click", () => {
    error.hidden = true;
    subscribe().catch((problem) => fail(problem?.message ? problem.message : String(problem)));
  });
}

const root = document.querySelector("[data-push]");
if (root) setUp(root);
