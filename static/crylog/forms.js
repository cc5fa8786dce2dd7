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

  // A form that leaves the page (sent without htmx) goes once: a second tap while the next page
  // loads does nothing. htmx forms disable their buttons themselves (data-hx-disabled-elt), and
  // crylog takes a form sent twice as one (its id) in any case.
  var SENT_AGAIN_AFTER = 15000; // a download, or no answer: the buttons come back
  var sending = [];

  function buttonsOf(form) {
    return Array.from(form.querySelectorAll("button:not([type=button])"));
  }

  function setSending(form, on) {
    if (on) form.dataset.sending = "1";
    else delete form.dataset.sending;
    buttonsOf(form).forEach(function (button) {
      button.disabled = on;
    });
  }

  function sendOnce(event) {
    var form = event.target;
    // Taken by a script (the offline check-in), or sent by htmx: not this one's to hold.
    if (event.defaultPrevented || form.method !== "post" || form.hasAttribute("data-hx-post")) return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    sending.push(form);
    // Disabled after the browser has read the form, so that the tapped button's value goes too.
    window.setTimeout(function () {
      setSending(form, true);
    }, 0);
    window.setTimeout(function () {
      setSending(form, false);
    }, SENT_AGAIN_AFTER);
  }

  // Back to this page from the browser's memory (the back button): its forms work again.
  function forgetSending(event) {
    if (!event.persisted) return;
    sending.splice(0).forEach(function (form) {
      setSending(form, false);
    });
  }

  document.addEventListener("DOMContentLoaded", sendTimezone);
  document.addEventListener("submit", sendOnce);
  window.addEventListener("pageshow", forgetSending);
})();
