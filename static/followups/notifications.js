// The service worker's reminders (imported by /sw.js, templates/pwa/sw.js): shows the
// reminders pushed to this device and, on a tap, opens the check-in in a crylog window (an open
// one if there is one). Where the browser shows notification actions, "In 15 minutes" puts the
// check-in off without opening a page. A push message brings its own words, in the person's
// language; the few of this file come from the catalogue /sw.js carries, in the same one.
import { gettext } from "../crylog/i18n.js";

// `home` is where a message without its own page leads.
export function showReminders({ home }) {
  const origin = self.location.origin;

  // Only ever open our own pages, whatever a message says.
  function sameOriginUrl(url) {
    const target = new URL(url || home, origin);
    return target.origin === origin ? target.href : new URL(home, origin).href;
  }

  self.addEventListener("push", (event) => {
    let message = {};
    try {
      message = event.data ? event.data.json() : {};
    } catch {
      message = {};
    }
    const snooze = message.snooze?.url && message.snooze.token ? message.snooze : null;
    const actions = (Array.isArray(message.actions) ? message.actions : []).filter(
      (a) => a && (a.action === "answer" || (a.action === "snooze" && snooze)),
    );
    event.waitUntil(
      self.registration.showNotification(message.title || gettext("Time for your check-in"), {
        body: message.body || "",
        tag: message.tag || "crylog",
        icon: message.icon,
        badge: message.badge,
        actions: actions.map((a) => ({ action: a.action, title: String(a.title) })),
        data: { url: message.url || home, snooze },
      }),
    );
  });

  async function openCheckIn(url) {
    const target = sameOriginUrl(url);
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => new URL(client.url).origin === origin);
    if (!open) return self.clients.openWindow(target);
    try {
      const focused = await open.focus().catch(() => open);
      return await (focused || open).navigate(target);
    } catch {
      return self.clients.openWindow(target);
    }
  }

  // Why a snooze was refused, or null when the check-in is put off.
  async function refusalOf(snooze) {
    let response;
    try {
      response = await fetch(sameOriginUrl(snooze.url), {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: snooze.token }),
      });
    } catch {
      return gettext("No connection: this check-in could not be put off.");
    }
    if (response.ok) return null;
    const notPutOff = gettext("This check-in could not be put off.");
    try {
      return (await response.json()).detail || notPutOff;
    } catch {
      return notPutOff;
    }
  }

  // "In 15 minutes": post the reminder's own token, without cookies (it needs no session).
  // If the snooze is refused, say so in place of the reminder, which can still be answered.
  async function snoozeCheckIn(notification) {
    const data = notification.data || {};
    const refusal = await refusalOf(data.snooze);
    if (refusal === null) {
      notification.close(); // put off: nothing to show until it is due again
      return;
    }
    // The same tag replaces the reminder in place. Closing it first would race with this:
    // the browser names a tagged notification by its tag, so a late close shuts the new one.
    await self.registration.showNotification(notification.title, {
      body: refusal,
      tag: notification.tag,
      icon: notification.icon,
      badge: notification.badge,
      actions: [{ action: "answer", title: gettext("Answer now") }],
      data: { url: data.url },
    });
  }

  self.addEventListener("notificationclick", (event) => {
    const notification = event.notification;
    if (event.action === "snooze" && notification.data?.snooze) {
      event.waitUntil(snoozeCheckIn(notification));
      return;
    }
    notification.close();
    // "Answer now", or a tap on the notification itself.
    event.waitUntil(openCheckIn(notification.data?.url));
  });
}
