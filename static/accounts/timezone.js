// On a first visit, take the time zone from the browser (the person can change it later in
// Settings). Only a page for someone with no time zone yet carries data-timezone-url.
import { csrfHeaders } from "../crylog/csrf.js";

const url = document.body.dataset.timezoneUrl;
const zone = globalThis.Intl?.DateTimeFormat().resolvedOptions().timeZone;
if (url && zone) {
  fetch(url, {
    method: "POST",
    headers: csrfHeaders("application/x-www-form-urlencoded"),
    credentials: "same-origin",
    body: new URLSearchParams({ timezone: zone }),
  });
  delete document.body.dataset.timezoneUrl;
}
