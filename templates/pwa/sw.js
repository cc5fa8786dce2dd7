{% load static %}// crylog's service worker: shows the reminders pushed to this device and, on a tap,
// opens the check-in in a crylog window (an open one if there is one). It also keeps the app
// shell so that crylog opens with no signal, and sends the check-ins kept on the phone when
// the signal is back (static/pwa/shell.js, static/pwa/queue.js).
"use strict";

var SHELL = {{ shell|safe }};
importScripts("{% static 'pwa/queue.js' %}", "{% static 'pwa/shell.js' %}");

var FALLBACK = { title: "Time for your check-in", url: "/" };

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
  event.waitUntil(
    self.registration.showNotification(message.title || FALLBACK.title, {
      body: message.body || "",
      tag: message.tag || "crylog",
      icon: message.icon,
      badge: message.badge,
      data: { url: message.url || FALLBACK.url },
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

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(openCheckIn(event.notification.data && event.notification.data.url));
});
