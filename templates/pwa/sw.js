{% load static %}// crylog's service worker: shows the reminders pushed to this device and, on a tap,
// opens the check-in in a crylog window (an open one if there is one). Where the browser
// shows notification actions, "In 15 minutes" puts the check-in off without opening a page.
// It also keeps the app shell so that crylog opens with no signal, and sends the check-ins
// kept on the phone when the signal is back (static/pwa/shell.js, static/pwa/queue.js).
"use strict";

var SHELL = {{ shell|safe }};
importScripts("{% static 'pwa/queue.js' %}", "{% static 'pwa/shell.js' %}");

var FALLBACK = { title: "Time for your check-in", url: "/" };
var NOT_PUT_OFF = "This check-in could not be put off.";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("push", function (event) {
  var message = FALLBACK;
  try {
    message = event.data ? event.data.json() : FALLBACK;
  } catch (error) {
    message = FALLBACK;
  }
  var snooze = message.snooze && message.snooze.url && message.snooze.token ? message.snooze : null;
  var actions = (Array.isArray(message.actions) ? message.actions : []).filter(function (a) {
    return a && (a.action === "answer" || (a.action === "snooze" && snooze));
  });
  event.waitUntil(
    self.registration.showNotification(message.title || FALLBACK.title, {
      body: message.body || "",
      tag: message.tag || "crylog",
      icon: message.icon,
      badge: message.badge,
      actions: actions.map(function (a) {
        return { action: a.action, title: String(a.title) };
      }),
      data: { url: message.url || FALLBACK.url, snooze: snooze },
    })
  );
});

// Only ever open our own pages, whatever a message says.
function sameOriginUrl(url) {
  var target = new URL(url || "/", self.location.origin);
  return target.origin === self.location.origin ? target.href : self.location.origin + "/";
}

function openCheckIn(url) {
  var target = sameOriginUrl(url);
  return self.clients
    .matchAll({ type: "window", includeUncontrolled: true })
    .then(function (windows) {
      var open = windows.filter(function (client) {
        return new URL(client.url).origin === self.location.origin;
      })[0];
      if (!open) return self.clients.openWindow(target);
      return open
        .focus()
        .catch(function () {
          return open;
        })
        .then(function (focused) {
          return (focused || open).navigate(target);
        })
        .catch(function () {
          return self.clients.openWindow(target);
        });
    });
}

// "In 15 minutes": post the reminder's own token, without cookies (it needs no session).
// If the snooze is refused, say so in place of the reminder, which can still be answered.
function snoozeCheckIn(notification) {
  var data = notification.data || {};
  var snooze = data.snooze;
  return fetch(sameOriginUrl(snooze.url), {
    method: "POST",
    credentials: "omit",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: snooze.token }),
  })
    .then(function (response) {
      if (response.ok) return null;
      return response.json().then(
        function (answer) {
          return answer.detail || NOT_PUT_OFF;
        },
        function () {
          return NOT_PUT_OFF;
        }
      );
    })
    .catch(function () {
      return "No connection: this check-in could not be put off.";
    })
    .then(function (refusal) {
      if (refusal === null) {
        notification.close(); // put off: nothing to show until it is due again
        return undefined;
      }
      // The same tag replaces the reminder in place. Closing it first would race with this:
      // the browser names a tagged notification by its tag, so a late close shuts the new one.
      return self.registration.showNotification(notification.title, {
        body: refusal,
        tag: notification.tag,
        icon: notification.icon,
        badge: notification.badge,
        actions: [{ action: "answer", title: "Answer now" }],
        data: { url: data.url },
      });
    });
}

self.addEventListener("notificationclick", function (event) {
  var notification = event.notification;
  if (event.action === "snooze" && notification.data && notification.data.snooze) {
    event.waitUntil(snoozeCheckIn(notification));
    return;
  }
  notification.close();
  // "Answer now", or a tap on the notification itself.
  event.waitUntil(openCheckIn(notification.data && notification.data.url));
});
