// Browsers sometimes renew a push subscription; telling the server once a day keeps the device
// list right without asking the person anything. The reminders page turns notifications on
// (static/followups/reminders.js); this runs on every page.
import { csrfHeaders } from "../crylog/csrf.js";
import { urls } from "../crylog/urls.js";
import { registration } from "../pwa/register.js";

const SYNCED_KEY = "crylog-push-synced";
const DAY = 24 * 60 * 60 * 1000;

async function resendSubscription(found) {
  if (!found || !("PushManager" in window) || !("Notification" in window)) return;
  if (Notification.permission !== "granted") return;
  // Only a person signed in has a CSRF token on the page, and devices to keep.
  if (!document.body.hasAttribute("data-crylog-user")) return;
  const synced = Number(localStorage.getItem(SYNCED_KEY) || 0);
  if (Date.now() - synced < DAY) return;
  const subscription = await found.pushManager.getSubscription();
  if (!subscription) return;
  const response = await fetch(urls.devices, {
    method: "POST",
    headers: csrfHeaders("application/json"),
    credentials: "same-origin",
    redirect: "manual",
    body: JSON.stringify(subscription.toJSON()),
  });
  if (response.ok) localStorage.setItem(SYNCED_KEY, String(Date.now()));
}

registration.then(resendSubscription).catch(() => {});
