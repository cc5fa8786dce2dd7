// The queue of check-ins on this phone (static/pwa/queue.js) over the browser's own parts:
// IndexedDB, fetch and Web Locks. Loaded by the pages (static/pwa/offline.js) and by the
// service worker (Background Sync), so it uses nothing that only one of them has.
import { createQueue } from "./queue.js";

const DB_NAME = "crylog";
const STORE = "checkins";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE, { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// One transaction; resolves with the result of the request `work` returns, once committed.
async function withStore(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => {
      db.close();
      resolve(request?.result);
    };
    transaction.onerror = () => {
      db.close();
      reject(transaction.error);
    };
  });
}

const store = {
  all: () => withStore("readonly", (checkins) => checkins.getAll()),
  put: (item) => withStore("readwrite", (checkins) => checkins.put(item)),
  remove: (id) => withStore("readwrite", (checkins) => checkins.delete(id)),
};

export function phoneQueue(urls) {
  const locks = globalThis.navigator?.locks;
  return createQueue({
    store,
    fetch: (url, init) => fetch(url, init),
    urls,
    lock: locks ? (name, work) => locks.request(name, work) : undefined,
  });
}
