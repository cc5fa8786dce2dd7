// Check-ins with no signal: on the app shell (templates/pwa/offline.html) a check-in is kept on
// this phone (static/pwa/checkins.js); on every page, what is kept is sent when crylog is opened
// online, when the `online` event fires, or by the service worker's Background Sync.
import { gettext, interpolate, ngettext, pageLanguage } from "../crylog/i18n.js";
import { urls } from "../crylog/urls.js";
import { phoneQueue } from "./checkins.js";
import { OUTCOME_MESSAGE, SYNC_TAG } from "./queue.js";

// Whose check-ins this phone takes offline: the person signed in on the last page seen online.
const OWNER_KEY = "crylog-owner";

const queue = phoneQueue(urls);
const shell = document.body.hasAttribute("data-crylog-shell");
const canKeep = "indexedDB" in window;

function ownerOnThisPhone() {
  if (!shell) {
    const signedIn = document.body.getAttribute("data-crylog-user");
    if (signedIn) localStorage.setItem(OWNER_KEY, signedIn);
    else localStorage.removeItem(OWNER_KEY);
  }
  return localStorage.getItem(OWNER_KEY);
}

const owner = canKeep ? ownerOnThisPhone() : null;

// In the page's language, which is the person's, not the browser's, as the server writes the
// cries beside it: the 12-hour clock in English, the 24-hour clock in German and Spanish.
const when = (iso) =>
  new Date(iso).toLocaleString(pageLanguage(), {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  });

function element(tag, className, text) {
  const made = document.createElement(tag);
  made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

// The kept check-ins of the person signed in on this phone, at the top of "Last cries".
async function showWaiting() {
  const recent = document.getElementById("recent");
  if (!recent) return;
  const items = await queue.all();
  let list = document.getElementById("waiting-cries");
  if (!list) {
    list = element("ul", "cries");
    list.id = "waiting-cries";
    recent.querySelector("h2").insertAdjacentElement("afterend", list);
  }
  list.textContent = "";
  for (const item of items.filter((each) => each.owner === owner).reverse()) {
    const moods = element("span", "cry-row__moods");
    if (item.before !== null) {
      const before = interpolate(gettext("before %(mood)s"), { mood: item.before }, true);
      moods.append(element("span", "chip", before));
    }
    const after = interpolate(gettext("right after %(mood)s"), { mood: item.valence }, true);
    moods.append(element("span", "chip", after));
    const inner = document.createElement("div");
    inner.append(
      element("span", "cry-row__when", when(item.endedAt)),
      moods,
      element("span", "badge", gettext("waiting: saved on this phone")),
    );
    const row = element("li", "cry-row cry-row--waiting");
    row.append(inner);
    list.append(row);
  }
}

function say(text) {
  const messages = document.getElementById("messages");
  if (!messages) return;
  let list = messages.querySelector("ul.messages");
  if (!list) {
    list = element("ul", "messages");
    messages.append(list);
  }
  list.append(element("li", "message", text));
}

function reported(outcome) {
  if (!outcome) return;
  const { sent, refused, others } = outcome;
  const lines = [
    [
      sent,
      ngettext(
        "The check-in saved on this phone has reached crylog.",
        "%(count)s check-ins saved on this phone have reached crylog.",
        sent,
      ),
    ],
    [
      refused,
      ngettext(
        "A check-in saved on this phone could not be saved by crylog.",
        "%(count)s check-ins saved on this phone could not be saved by crylog.",
        refused,
      ),
    ],
    [
      others,
      ngettext(
        "A check-in saved on this phone belongs to another account: it waits here until that person signs in.",
        "%(count)s check-ins saved on this phone belong to another account: they wait here until that person signs in.",
        others,
      ),
    ],
  ];
  for (const [count, words] of lines) {
    if (count) say(interpolate(words, { count }, true));
  }
  if (sent && !shell && document.getElementById("recent")) window.location.reload();
  showWaiting();
}

async function sendKept() {
  if (!navigator.onLine) return;
  let outcome;
  try {
    outcome = await queue.flush();
  } catch {
    return; // no network after all: the next chance sends it
  }
  if (shell && outcome.sent) {
    // Back online on the shell: the real page now, with the cry in it.
    const onShell = window.location.pathname === urls.shell;
    window.location.replace(onShell ? urls.home : window.location.href);
    return;
  }
  reported(outcome);
}

function formValues(form) {
  const data = new FormData(form);
  const valence = data.get("valence");
  if (valence === null || valence === "") return null;
  const arousal = data.get("arousal");
  return {
    valence: Number(valence),
    arousal: arousal === null || arousal === "" ? null : Number(arousal),
    // An online form's own id: if its request did reach crylog, sending it again is that cry.
    id: data.get("client_id") || null,
  };
}

// Background Sync (Chromium) wakes the service worker to send it once the signal is back.
async function askForSync() {
  try {
    const registration = await navigator.serviceWorker.ready;
    await registration.sync?.register(SYNC_TAG);
  } catch {
    // no service worker or no Background Sync: a page sends it when crylog is next open online
  }
}

async function keep(values) {
  const item = await queue.add(owner, values);
  askForSync();
  await showWaiting();
  return item;
}

function show(id, visible) {
  const found = document.getElementById(id);
  if (found) found.hidden = !visible;
}

function onSubmit(id, handle) {
  document.getElementById(id).addEventListener("submit", (event) => {
    event.preventDefault();
    handle(event.target);
  });
}

function setUpShell() {
  if (!owner) {
    show("offline-signed-out", true);
    return;
  }
  show("offline-checkin", true);
  let item = null;
  onSubmit("offline-checkin", async (form) => {
    const values = formValues(form);
    show("offline-valence-error", !values);
    if (!values) return;
    item = await keep(values);
    show("offline-checkin", false);
    show("offline-saved", true);
  });
  onSubmit("offline-before", async (form) => {
    const values = formValues(form);
    if (!values || !item) return;
    await queue.rateBefore(item.id, values.valence);
    show("offline-before", false);
    show("offline-before-saved", true);
    await showWaiting();
  });
  onSubmit("offline-details", async (form) => {
    if (!item) return;
    await queue.addDetails(item.id, Array.from(new FormData(form).entries()));
    show("offline-details-more", false);
    show("offline-details-saved", true);
  });
}

// A page opened online that loses its signal: "I just cried" and the check-in still work.
async function keepUnsent(event) {
  const sender = event.detail.elt;
  if (sender.tagName === "A" && sender.href) {
    window.location.assign(sender.href); // the service worker answers with the app shell
    return;
  }
  const action = sender.getAttribute("data-hx-post") || "";
  if (sender.tagName !== "FORM" || !action.startsWith(urls.create) || !owner) return;
  const values = formValues(sender);
  if (!values) return;
  await keep(values);
  sender.replaceWith(
    element(
      "p",
      "message message--success",
      gettext("Saved on this phone; it will reach crylog when you are back online."),
    ),
  );
}

if (canKeep) {
  document.addEventListener("htmx:sendError", keepUnsent);
  window.addEventListener("online", sendKept);
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data?.type === OUTCOME_MESSAGE) reported(event.data.outcome);
  });
  if (shell) setUpShell();
  showWaiting().then(sendKept);
}
