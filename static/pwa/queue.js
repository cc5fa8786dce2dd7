// The check-ins kept on this phone while it had no signal, in IndexedDB, and their sending.
// Loaded by the pages (static/pwa/offline.js) and by the service worker (Background Sync), so
// it uses nothing that only one of them has.
"use strict";

var CrylogQueue = (function () {
  var DB_NAME = "crylog";
  var STORE = "checkins";
  var SYNC_TAG = "crylog-checkins";
  var SESSION_URL = "/offline/session.json";
  var CREATE_URL = "/cries/create/";
  // Kept at most this long: a check-in nobody could send in 30 days leaves the phone.
  var KEPT_FOR = 30 * 24 * 60 * 60 * 1000;
  var CRY_PAGE = /\/cries\/(\d+)\/$/;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function withStore(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : result);
        };
        transaction.onerror = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  function all() {
    return withStore("readonly", function (store) {
      return store.getAll();
    }).then(function (items) {
      var now = Date.now();
      return items
        .filter(function (item) {
          return now - item.created < KEPT_FOR;
        })
        .sort(function (a, b) {
          return a.created - b.created;
        });
    });
  }

  function put(item) {
    return withStore("readwrite", function (store) {
      store.put(item);
    });
  }

  function remove(id) {
    return withStore("readwrite", function (store) {
      store.delete(id);
    });
  }

  function dropOld() {
    var now = Date.now();
    return withStore("readwrite", function (store) {
      store.getAll().onsuccess = function (event) {
        event.target.result.forEach(function (item) {
          if (now - item.created >= KEPT_FOR) store.delete(item.id);
        });
      };
    });
  }

  // A check-in tapped now, for the person last signed in on this phone; its id is the form's
  // own when it has one (a page that lost its signal), else made here.
  function add(owner, values) {
    var item = {
      id: values.id || self.crypto.randomUUID(),
      owner: String(owner),
      endedAt: new Date().toISOString(),
      created: Date.now(),
      valence: values.valence,
      arousal: values.arousal,
      before: null,
      details: null,
    };
    return put(item).then(function () {
      return item;
    });
  }

  function change(id, edit) {
    return all().then(function (items) {
      var item = items.filter(function (each) {
        return each.id === id;
      })[0];
      if (!item) return null;
      edit(item);
      return put(item).then(function () {
        return item;
      });
    });
  }

  // A rating given later for the same cry, still on the phone: it goes with the cry.
  function rateBefore(id, valence) {
    return change(id, function (item) {
      item.before = valence;
    });
  }

  // The details given later, as the details form's [name, value] pairs: they go after the
  // before rating.
  function addDetails(id, pairs) {
    return change(id, function (item) {
      item.details = pairs;
    });
  }

  function askForSync() {
    var registration = self.registration;
    var ready =
      registration
        ? Promise.resolve(registration)
        : self.navigator.serviceWorker
          ? self.navigator.serviceWorker.ready
          : Promise.reject(new Error("no service worker"));
    return ready
      .then(function (found) {
        if (found.sync) return found.sync.register(SYNC_TAG);
      })
      .catch(function () {});
  }

  // `fields` is an object, or [name, value] pairs (a form's, where a name may come twice).
  function post(url, fields, csrf) {
    var body = new URLSearchParams();
    var pairs = Array.isArray(fields)
      ? fields
      : Object.keys(fields).map(function (name) {
          return [name, fields[name]];
        });
    pairs.forEach(function (pair) {
      if (pair[1] !== null && pair[1] !== undefined && pair[1] !== "") {
        body.append(pair[0], String(pair[1]));
      }
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf },
    });
  }

  // One check-in, then its before rating, then its details: the server takes the phone's id
  // as the check-in's, so sending it again (a retry, another tab) gives back the same cry, and
  // the rating and details sent again set the same values.
  function send(item, csrf) {
    return post(
      CREATE_URL,
      {
        valence: item.valence,
        arousal: item.arousal,
        ended_at: item.endedAt,
        client_id: item.id,
        owner: item.owner,
      },
      csrf
    ).then(function (response) {
      if (response.status === 409) return "not-theirs";
      var cry = CRY_PAGE.exec(new URL(response.url).pathname);
      if (!response.ok || !response.redirected || !cry) {
        // The server read it and refused it: sending it again would not change that.
        return response.ok ? "refused" : "later";
      }
      var url = "/cries/" + cry[1] + "/";
      var before =
        item.before === null || item.before === undefined
          ? Promise.resolve(true)
          : post(url + "before/", { valence: item.before }, csrf).then(function (answer) {
              return answer.ok;
            });
      return before.then(function (ok) {
        if (!ok) return "later";
        if (!item.details) return "sent";
        // The end time is the tap's: the details form asks for it, and keeps it to the second.
        var details = [["ended_at", item.endedAt]].concat(item.details);
        return post(url + "details/", details, csrf).then(function (answer) {
          return answer.ok ? "sent" : "later";
        });
      });
    });
  }

  var running = null;

  // Send what belongs to the person signed in now; keep the rest for its owner.
  function flush() {
    if (running) return running;
    running = all()
      .then(function (items) {
        var outcome = { sent: 0, refused: 0, others: 0, left: items.length };
        if (!items.length) return outcome;
        return fetch(SESSION_URL, { credentials: "same-origin" })
          .then(function (response) {
            return response.json();
          })
          .then(function (session) {
            var chain = Promise.resolve();
            items.forEach(function (item) {
              chain = chain.then(function () {
                if (session.user === null || String(session.user) !== item.owner) {
                  if (session.user !== null) outcome.others += 1;
                  return;
                }
                return send(item, session.csrf).then(function (result) {
                  if (result === "not-theirs") outcome.others += 1;
                  if (result === "sent" || result === "refused") {
                    outcome[result] += 1;
                    outcome.left -= 1;
                    return remove(item.id);
                  }
                });
              });
            });
            return chain.then(function () {
              return outcome;
            });
          });
      })
      .then(function (outcome) {
        return dropOld().then(function () {
          return outcome;
        });
      });
    var done = function () {
      running = null;
    };
    running.then(done, done);
    return running;
  }

  // Across tabs of one browser, one sends at a time (the server would make one cry anyway).
  function flushOnce() {
    if (self.navigator && self.navigator.locks) {
      return self.navigator.locks.request("crylog-checkins", flush);
    }
    return flush();
  }

  return {
    SYNC_TAG: SYNC_TAG,
    all: all,
    add: add,
    rateBefore: rateBefore,
    addDetails: addDetails,
    askForSync: askForSync,
    flush: flushOnce,
  };
})();
