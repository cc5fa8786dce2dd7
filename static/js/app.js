// crylog's small behaviours. Everything works without this file; it only makes it nicer.
"use strict";

(function () {
  // The mood slider: no thumb and no value until the first touch, so nobody is anchored at 50.
  function setUpSlider(root) {
    var input = root.querySelector('input[type="range"]');
    var output = root.querySelector("output");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    var name = input.getAttribute("name");
    if (root.classList.contains("mood--empty")) {
      root.classList.add("mood--untouched");
      input.removeAttribute("name");
    }
    function touched() {
      if (root.classList.contains("mood--untouched")) {
        root.classList.remove("mood--untouched");
        input.setAttribute("name", name);
      }
      input.setAttribute("aria-valuetext", input.value + " of 100");
      if (output) output.textContent = input.value;
    }
    input.addEventListener("input", touched);
    input.addEventListener("change", touched);
  }

  function setUp(scope) {
    scope.querySelectorAll("[data-mood]").forEach(setUpSlider);
  }

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

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
    sendTimezone();
  });
  document.addEventListener("htmx:load", function (event) {
    setUp(event.target);
  });
})();
