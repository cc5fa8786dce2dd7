// crylog's small behaviours. Everything works without this file; it only makes it nicer.
"use strict";

(function () {
  // On a first visit, take the time zone from the browser (the person can change it later).
  function sendTimezone() {
    var url = document.body.dataset.timezoneUrl;
    if (!url || !window.fetch || !window.Intl) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    var headers = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}");
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    fetch(url, {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: "timezone=" + encodeURIComponent(zone),
    });
    delete document.body.dataset.timezoneUrl;
  }

  document.addEventListener("DOMContentLoaded", sendTimezone);
})();
