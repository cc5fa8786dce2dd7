// Check-ins with no signal: on the app shell (templates/pwa/offline.html) a check-in is kept on
// this phone (static/pwa/queue.js); on every page, what is kept is sent when crylog is opened
// online, when the `online` event fires, or by the service worker's Background Sync.
"use strict";

(function () {
  if (!("indexedDB" in window) || typeof CrylogQueue === "undefined") return;

  // Whose check-ins this phone takes offline: the person signed in on the last page seen online.
  var OWNER_KEY = "crylog-owner";
  var body = document.body;
  var shell = body.hasAttribute("data-crylog-shell");
  if (!shell) {
    var signedIn = body.getAttribute("data-crylog-user");
    if (signedIn) window.localStorage.setItem(OWNER_KEY, signedIn);
    else window.localStorage.removeItem(OWNER_KEY);
  }
  var owner = window.localStorage.getItem(OWNER_KEY);

  function when(iso) {
    return new Date(iso).toLocaleString(undefined, {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  function chip(text) {
    var span = document.createElement("span");
    span.className = "chip";
    span.textContent = text;
    return span;
  }

  // The kept check-ins of the person signed in on this phone, at the top of "Last cries".
  function showWaiting() {
    var recent = document.getElementById("recent");
    if (!recent) return Promise.resolve();
    return CrylogQueue.all().then(function (items) {
      var list = document.getElementById("waiting-cries");
      if (!list) {
        list = document.createElement("ul");
        list.className = "cries";
        list.id = "waiting-cries";
        recent.querySelector("h2").insertAdjacentElement("afterend", list);
      }
      list.textContent = "";
      items
        .filter(function (item) {
          return item.owner === owner;
        })
        .reverse()
        .forEach(function (item) {
          var row = document.createElement("li");
          row.className = "cry-row cry-row--waiting";
          var inner = document.createElement("div");
          var time = document.createElement("span");
          time.className = "cry-row__when";
          time.textContent = when(item.endedAt);
          var moods = document.createElement("span");
          moods.className = "cry-row__moods";
          if (item.before !== null) moods.appendChild(chip("before " + item.before));
          moods.appendChild(chip("right after " + item.valence));
          var badge = document.createElement("span");
          badge.className = "badge";
          badge.textContent = "waiting: saved on this phone";
          inner.append(time, moods, badge);
          row.appendChild(inner);
          list.appendChild(row);
        });
    });
  }

  function say(text) {
    var messages = document.getElementById("messages");
    if (!messages) return;
    var list = messages.querySelector("ul.messages");
    if (!list) {
      list = document.createElement("ul");
      list.className = "messages";
      messages.appendChild(list);
    }
    var item = document.createElement("li");
    item.className = "message";
    item.textContent = text;
    list.appendChild(item);
  }

  function reported(outcome) {
    if (!outcome) return;
    if (outcome.sent) {
      say(
        outcome.sent === 1
          ? "The check-in saved on this phone has reached crylog."
          : outcome.sent + " check-ins saved on this phone have reached crylog."
      );
      if (!shell && document.getElementById("recent")) window.location.reload();
    }
    if (outcome.refused) say("A check-in saved on this phone could not be saved by crylog.");
    if (outcome.others) {
      say(
        "A check-in saved on this phone belongs to another account: it waits here until " +
          "that person signs in."
      );
    }
    showWaiting();
  }

  function sendKept() {
    if (!navigator.onLine) return;
    CrylogQueue.flush()
      .then(function (outcome) {
        if (shell && outcome.sent) {
          // Back online on the shell: the real page now, with the cry in it.
          window.location.replace(window.location.pathname === "/offline/" ? "/" : window.location.href);
          return;
        }
        reported(outcome);
      })
      .catch(function () {});
  }

  function formValues(form) {
    var data = new FormData(form);
    var valence = data.get("valence");
    if (valence === null || valence === "") return null;
    var arousal = data.get("arousal");
    return {
      valence: Number(valence),
      arousal: arousal === null || arousal === "" ? null : Number(arousal),
      // An online form's own id: if its request did reach crylog, sending it again is that cry.
      id: data.get("client_id") || null,
    };
  }

  function keep(values) {
    return CrylogQueue.add(owner, values).then(function (item) {
      CrylogQueue.askForSync();
      return showWaiting().then(function () {
        return item;
      });
    });
  }

  function show(id, visible) {
    var element = document.getElementById(id);
    if (element) element.hidden = !visible;
  }

  function setUpShell() {
    if (!owner) {
      show("offline-signed-out", true);
      return;
    }
    show("offline-checkin", true);
    var kept = null;
    document.getElementById("offline-checkin").addEventListener("submit", function (event) {
      event.preventDefault();
      var values = formValues(event.target);
      show("offline-valence-error", !values);
      if (!values) return;
      keep(values).then(function (item) {
        kept = item;
        show("offline-checkin", false);
        show("offline-saved", true);
      });
    });
    document.getElementById("offline-before").addEventListener("submit", function (event) {
      event.preventDefault();
      var values = formValues(event.target);
      if (!values || !kept) return;
      CrylogQueue.rateBefore(kept.id, values.valence).then(function () {
        show("offline-before", false);
        show("offline-before-saved", true);
        return showWaiting();
      });
    });
    document.getElementById("offline-details").addEventListener("submit", function (event) {
      event.preventDefault();
      if (!kept) return;
      var pairs = Array.from(new FormData(event.target).entries());
      CrylogQueue.addDetails(kept.id, pairs).then(function () {
        show("offline-details-more", false);
        show("offline-details-saved", true);
      });
    });
  }

  // A page opened online that loses its signal: "I just cried" and the check-in still work.
  document.addEventListener("htmx:sendError", function (event) {
    var element = event.detail.elt;
    if (element.tagName === "A" && element.href) {
      window.location.assign(element.href); // the service worker answers with the app shell
      return;
    }
    var action = element.getAttribute("data-hx-post") || "";
    if (element.tagName === "FORM" && action.indexOf("/cries/create/") === 0 && owner) {
      var values = formValues(element);
      if (!values) return;
      keep(values).then(function () {
        var saved = document.createElement("p");
        saved.className = "message message--success";
        saved.textContent = "Saved on this phone; it will reach crylog when you are back online.";
        element.replaceWith(saved);
      });
    }
  });

  window.addEventListener("online", sendKept);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "crylog-checkins") reported(event.data.outcome);
    });
  }

  if (shell) setUpShell();
  showWaiting().then(sendKept);
})();
