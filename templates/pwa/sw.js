{% load static %}// crylog's service worker, an ES module (static/pwa/register.js registers it with
// type "module"; why: docs/architecture.md, Offline). It shows the reminders pushed to this
// device (static/followups/notifications.js), keeps the app shell so that crylog opens with no
// signal, and sends the check-ins kept on the phone when the signal is back
// (static/pwa/shell.js, static/pwa/checkins.js). Its data and URLs come from crylog/pwa/views.py.
import { showReminders } from "{% static 'followups/notifications.js' %}";
import { phoneQueue } from "{% static 'pwa/checkins.js' %}";
import { keepShell } from "{% static 'pwa/shell.js' %}";

const SHELL = {{ shell|safe }};
const URLS = {{ urls|safe }};

// The words of its scripts in the language of its URL (static/crylog/i18n.js reads them):
// Django's catalogue, the script the pages load, run here with the worker as its `this`.
(function () {
{{ catalogue|safe }}
}).call(self);

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

showReminders({ home: URLS.home });
keepShell(SHELL, phoneQueue(URLS));
