// The check-ins kept on this phone while it had no signal, and the rules of their sending:
// oldest first, only for the person who kept them, kept for another try unless crylog saved
// them or read them and refused them. Nothing here touches the browser: the store, fetch and
// lock come from the caller (static/pwa/checkins.js in a page and in the service worker,
// tests/js/queue.test.js in Node).

export const SYNC_TAG = "crylog-checkins";
// What the service worker tells open pages after sending on Background Sync.
export const OUTCOME_MESSAGE = "crylog-checkins";
// Across tabs of one browser, one sends at a time (the server would make one cry anyway).
export const LOCK_NAME = "crylog-checkins";
// Kept at most this long: a check-in nobody could send in 30 days leaves the phone.
export const KEPT_FOR = 30 * 24 * 60 * 60 * 1000;

const ID = "{id}";

// The id of the cry whose page `path` is, from the page's URL with "{id}" in it; else null.
export function cryIdOf(template, path) {
  const [start, end] = template.split(ID);
  if (!path.startsWith(start) || !path.endsWith(end)) return null;
  const id = path.slice(start.length, path.length - end.length);
  return /^\d+$/.test(id) ? id : null;
}

// A form's body from an object or from [name, value] pairs (a form's, where a name may come
// twice); empty values are left out, as an untouched field sends nothing.
export function formBody(fields) {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  const body = new URLSearchParams();
  for (const [name, value] of pairs) {
    if (value !== null && value !== undefined && value !== "") body.append(name, String(value));
  }
  return body;
}

// `store` keeps items: all(), put(item), remove(id), each a promise. `urls` are the page's
// (crylog/pwa/scripts.py): session, create, and the cry's page, before and details with "{id}".
export function createQueue({
  store,
  fetch,
  urls,
  lock = (_name, work) => work(),
  now = Date.now,
  newId = () => globalThis.crypto.randomUUID(),
}) {
  const fresh = (item, at) => at - item.created < KEPT_FOR;

  async function all() {
    const items = await store.all();
    const at = now();
    return items.filter((item) => fresh(item, at)).sort((a, b) => a.created - b.created);
  }

  // A check-in tapped now, for the person last signed in on this phone; its id is the form's
  // own when it has one (a page that lost its signal), else made here.
  async function add(owner, values) {
    const at = now();
    const item = {
      id: values.id || newId(),
      owner: String(owner),
      endedAt: new Date(at).toISOString(),
      created: at,
      valence: values.valence,
      arousal: values.arousal,
      before: null,
      details: null,
    };
    await store.put(item);
    return item;
  }

  async function change(id, edit) {
    const item = (await all()).find((each) => each.id === id);
    if (!item) return null;
    edit(item);
    await store.put(item);
    return item;
  }

  // A rating given later for the same cry, still on the phone: it goes with the cry.
  const rateBefore = (id, valence) =>
    change(id, (item) => {
      item.before = valence;
    });

  // The details given later, as the details form's [name, value] pairs: they go after the
  // before rating.
  const addDetails = (id, pairs) =>
    change(id, (item) => {
      item.details = pairs;
    });

  const post = (url, fields, csrf) =>
    fetch(url, {
      method: "POST",
      body: formBody(fields),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf },
    });

  // One check-in, then its before rating, then its details: the server takes the phone's id
  // as the check-in's, so sending it again (a retry, another tab) gives back the same cry, and
  // the rating and details sent again set the same values. "sent" and "refused" leave the
  // phone; "later" (any other answer: 429 at the limit on new cries, 5xx, a refused rating)
  // and "not-theirs" (409: another person is signed in) stay.
  async function send(item, csrf) {
    const response = await post(
      urls.create,
      {
        valence: item.valence,
        arousal: item.arousal,
        ended_at: item.endedAt,
        client_id: item.id,
        owner: item.owner,
      },
      csrf,
    );
    if (response.status === 409) return "not-theirs";
    const cry = cryIdOf(urls.cry, new URL(response.url).pathname);
    if (!response.ok || !response.redirected || !cry) {
      // Read and refused (the form came back): sending it again would not change that.
      return response.ok ? "refused" : "later";
    }
    if (item.before !== null && item.before !== undefined) {
      const answer = await post(urls.before.replace(ID, cry), { valence: item.before }, csrf);
      if (!answer.ok) return "later";
    }
    if (!item.details) return "sent";
    // The end time is the tap's: the details form asks for it, and keeps it to the second.
    const details = [["ended_at", item.endedAt], ...item.details];
    const answer = await post(urls.details.replace(ID, cry), details, csrf);
    return answer.ok ? "sent" : "later";
  }

  async function dropOld() {
    const at = now();
    for (const item of await store.all()) {
      if (!fresh(item, at)) await store.remove(item.id);
    }
  }

  // Send what belongs to the person signed in now; keep the rest for its owner. A failed
  // request (no network) stops the round and keeps what is left.
  async function sendAll() {
    const items = await all();
    const outcome = { sent: 0, refused: 0, others: 0, left: items.length };
    if (items.length) {
      const session = await (await fetch(urls.session, { credentials: "same-origin" })).json();
      for (const item of items) {
        if (session.user === null || String(session.user) !== item.owner) {
          if (session.user !== null) outcome.others += 1;
          continue;
        }
        const result = await send(item, session.csrf);
        if (result === "not-theirs") outcome.others += 1;
        if (result === "sent" || result === "refused") {
          outcome[result] += 1;
          outcome.left -= 1;
          await store.remove(item.id);
        }
      }
    }
    await dropOld();
    return outcome;
  }

  // Within the lock a round already running is joined; a call waiting for the lock makes a
  // round of its own once the first is over.
  let running = null;
  function sendOnce() {
    if (!running) {
      running = sendAll().finally(() => {
        running = null;
      });
    }
    return running;
  }

  const flush = () => lock(LOCK_NAME, sendOnce);

  return { all, add, rateBefore, addDetails, flush };
}
