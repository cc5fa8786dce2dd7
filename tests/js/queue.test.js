// The rules of the queue of check-ins kept on the phone (static/pwa/queue.js), in Node: a store
// in memory, crylog's answers made up here, a clock the test sets. The browser tests
// (tests/browser/test_offline.py, test_webkit_offline.py) send a real queue to a real crylog.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { createQueue, cryIdOf, formBody, KEPT_FOR } from "../../static/pwa/queue.js";

const ORIGIN = "http://crylog.test";
const URLS = {
  session: "/offline/session.json",
  create: "/cries/create/",
  cry: "/cries/{id}/",
  before: "/cries/{id}/before/",
  details: "/cries/{id}/details/",
};
const NOW = Date.UTC(2026, 5, 1, 12, 0);
const MINUTE = 60 * 1000;

// What IndexedDB does: each read and write is a copy.
function memoryStore(items = []) {
  const kept = new Map(items.map((item) => [item.id, structuredClone(item)]));
  return {
    kept,
    all: async () => [...kept.values()].map((item) => structuredClone(item)),
    put: async (item) => {
      kept.set(item.id, structuredClone(item));
    },
    remove: async (id) => {
      kept.delete(id);
    },
  };
}

const answer = (status, path, { redirected = false } = {}) => ({
  status,
  ok: status >= 200 && status < 300,
  redirected,
  url: ORIGIN + path,
  json: async () => ({}),
});
// What fetch gives after following crylog's redirect to the new cry's page.
const savedAs = (id) => answer(200, `/cries/${id}/`, { redirected: true });

// crylog as the queue meets it: the session says who is signed in; `reply` answers each POST
// (by default: every check-in saved, as cry 7, and every rating and detail taken).
function crylog({ user = 1, reply = () => null } = {}) {
  const posts = [];
  const fetch = async (url, init = {}) => {
    if (url === URLS.session)
      return { ...answer(200, url), json: async () => ({ user, csrf: "token" }) };
    const post = { url, body: Object.fromEntries(init.body), pairs: [...init.body], init };
    posts.push(post);
    const given = reply(post, posts.length);
    if (given instanceof Error) throw given;
    if (given) return given;
    return url === URLS.create ? savedAs(7) : answer(200, url);
  };
  return { fetch, posts, creates: () => posts.filter((post) => post.url === URLS.create) };
}

function checkIn(id, { owner = "1", created = NOW - MINUTE, ...rest } = {}) {
  return {
    id,
    owner,
    endedAt: new Date(created).toISOString(),
    created,
    valence: 40,
    arousal: null,
    before: null,
    details: null,
    ...rest,
  };
}

function queueOf(store, server, options = {}) {
  return createQueue({ store, fetch: server.fetch, urls: URLS, now: () => NOW, ...options });
}

describe("the order", () => {
  test("it lists and sends the oldest check-in first, whatever order they were stored in", async () => {
    const store = memoryStore([
      checkIn("middle", { created: NOW - 2 * MINUTE }),
      checkIn("newest", { created: NOW - MINUTE }),
      checkIn("oldest", { created: NOW - 3 * MINUTE }),
    ]);
    const server = crylog();
    const queue = queueOf(store, server);
    assert.deepEqual(
      (await queue.all()).map((item) => item.id),
      ["oldest", "middle", "newest"],
    );
    const outcome = await queue.flush();
    assert.deepEqual(
      server.creates().map((post) => post.body.client_id),
      ["oldest", "middle", "newest"],
    );
    assert.deepEqual(outcome, { sent: 3, refused: 0, others: 0, left: 0 });
    assert.equal(store.kept.size, 0);
  });

  test("a check-in is followed by its before rating, then its details with the tap's end time", async () => {
    const details = [
      ["triggers", "loss"],
      ["triggers", "overload"],
      ["company", "alone"],
    ];
    const store = memoryStore([checkIn("a", { before: 70, details })]);
    const server = crylog();
    await queueOf(store, server).flush();
    assert.deepEqual(
      server.posts.map((post) => post.url),
      ["/cries/create/", "/cries/7/before/", "/cries/7/details/"],
    );
    assert.deepEqual(server.posts[1].body, { valence: "70" });
    const tap = new Date(NOW - MINUTE).toISOString();
    assert.deepEqual(server.posts[2].pairs, [["ended_at", tap], ...details]);
  });

  test("the check-in goes as a form with its id, the tap and its owner, and the session's token", async () => {
    const store = memoryStore([checkIn("a", { arousal: null })]);
    const server = crylog();
    await queueOf(store, server).flush();
    const [create] = server.posts;
    assert.deepEqual(create.body, {
      valence: "40",
      ended_at: new Date(NOW - MINUTE).toISOString(),
      client_id: "a",
      owner: "1",
    });
    assert.equal(create.init.method, "POST");
    assert.equal(create.init.credentials, "same-origin");
    assert.deepEqual(create.init.headers, { "X-CSRFToken": "token" });
  });
});

describe("30 days on the phone", () => {
  test("a check-in kept one millisecond less than 30 days is still sent", async () => {
    const store = memoryStore([checkIn("a", { created: NOW - KEPT_FOR + 1 })]);
    const server = crylog();
    const queue = queueOf(store, server);
    assert.equal((await queue.all()).length, 1);
    assert.equal((await queue.flush()).sent, 1);
    assert.equal(server.creates().length, 1);
  });

  test("a check-in kept 30 days is not sent, and leaves the phone", async () => {
    const store = memoryStore([checkIn("a", { created: NOW - KEPT_FOR })]);
    const server = crylog();
    const queue = queueOf(store, server);
    assert.deepEqual(await queue.all(), []);
    assert.deepEqual(await queue.flush(), { sent: 0, refused: 0, others: 0, left: 0 });
    assert.equal(server.posts.length, 0);
    assert.equal(store.kept.size, 0);
  });

  test("one kept on while crylog answers later is dropped once it turns 30 days old", async () => {
    let now = NOW - KEPT_FOR + MINUTE;
    const store = memoryStore([checkIn("a", { created: NOW - KEPT_FOR + 1 })]);
    const server = crylog({ reply: () => answer(503, URLS.create) });
    const queue = queueOf(store, server, { now: () => now });
    await queue.flush();
    assert.equal(store.kept.size, 1);
    now = NOW;
    await queue.flush();
    assert.equal(store.kept.size, 1); // a millisecond short of 30 days: tried, answered 503, kept
    now = NOW + 1;
    await queue.flush();
    assert.equal(store.kept.size, 0);
    assert.equal(server.creates().length, 2);
  });
});

describe("crylog's answer", () => {
  for (const status of [400, 403, 404, 429, 500, 502, 503]) {
    test(`a check-in answered ${status} stays on the phone for another try`, async () => {
      const store = memoryStore([checkIn("a")]);
      const server = crylog({ reply: () => answer(status, URLS.create) });
      const outcome = await queueOf(store, server).flush();
      assert.deepEqual(outcome, { sent: 0, refused: 0, others: 0, left: 1 });
      assert.deepEqual([...store.kept.keys()], ["a"]);
    });
  }

  test("a check-in answered 429 goes on a later try, once there is room", async () => {
    const store = memoryStore([checkIn("a", { before: 70 })]);
    let full = true;
    const server = crylog({ reply: () => (full ? answer(429, URLS.create) : null) });
    const queue = queueOf(store, server);
    assert.equal((await queue.flush()).left, 1);
    full = false;
    assert.deepEqual(await queue.flush(), { sent: 1, refused: 0, others: 0, left: 0 });
    assert.deepEqual(
      server.posts.map((post) => [post.url, post.body.client_id ?? post.body.valence]),
      [
        ["/cries/create/", "a"],
        ["/cries/create/", "a"],
        ["/cries/7/before/", "70"],
      ],
    );
    assert.equal(store.kept.size, 0);
  });

  test("a check-in crylog read and refused (its form came back) leaves the phone", async () => {
    const store = memoryStore([checkIn("a"), checkIn("b", { created: NOW })]);
    const server = crylog({
      reply: (post) => (post.body.client_id === "a" ? answer(200, URLS.create) : null),
    });
    const outcome = await queueOf(store, server).flush();
    assert.deepEqual(outcome, { sent: 1, refused: 1, others: 0, left: 0 });
    assert.equal(store.kept.size, 0);
  });

  test("a check-in answered 409 is someone else's: it stays for its owner", async () => {
    const store = memoryStore([checkIn("a")]);
    const server = crylog({ reply: () => answer(409, URLS.create) });
    const outcome = await queueOf(store, server).flush();
    assert.deepEqual(outcome, { sent: 0, refused: 0, others: 1, left: 1 });
    assert.equal(store.kept.size, 1);
  });

  test("a before rating that is not taken keeps the whole check-in, sent again whole", async () => {
    const store = memoryStore([checkIn("a", { before: 70 })]);
    let refuse = true;
    const server = crylog({
      reply: (post) => (refuse && post.url.endsWith("/before/") ? answer(500, post.url) : null),
    });
    const queue = queueOf(store, server);
    assert.equal((await queue.flush()).left, 1);
    refuse = false;
    assert.equal((await queue.flush()).sent, 1);
    assert.equal(server.creates().length, 2); // the same id: crylog gives back the same cry
  });

  test("details that are not taken keep the check-in", async () => {
    const store = memoryStore([checkIn("a", { details: [["company", "alone"]] })]);
    const server = crylog({
      reply: (post) => (post.url.endsWith("/details/") ? answer(400, post.url) : null),
    });
    assert.equal((await queueOf(store, server).flush()).left, 1);
    assert.equal(store.kept.size, 1);
  });

  test("no network: the round stops, the check-in and the ones after it stay", async () => {
    const store = memoryStore([checkIn("a"), checkIn("b", { created: NOW })]);
    const server = crylog({ reply: () => new TypeError("Failed to fetch") });
    await assert.rejects(queueOf(store, server).flush(), TypeError);
    assert.equal(server.creates().length, 1);
    assert.deepEqual([...store.kept.keys()].sort(), ["a", "b"]);
  });
});

describe("whose check-ins", () => {
  test("only the check-ins of the person signed in are sent; another's stay, counted", async () => {
    const store = memoryStore([
      checkIn("theirs", { owner: "1" }),
      checkIn("mine", { owner: "2", created: NOW }),
    ]);
    const server = crylog({ user: 2 });
    const outcome = await queueOf(store, server).flush();
    assert.deepEqual(
      server.posts.map((post) => [post.body.client_id, post.body.owner]),
      [["mine", "2"]],
    );
    assert.deepEqual(outcome, { sent: 1, refused: 0, others: 1, left: 1 });
    assert.deepEqual([...store.kept.keys()], ["theirs"]);
  });

  test("with nobody signed in nothing is sent, and nothing is someone else's", async () => {
    const store = memoryStore([checkIn("a")]);
    const server = crylog({ user: null });
    const outcome = await queueOf(store, server).flush();
    assert.deepEqual(outcome, { sent: 0, refused: 0, others: 0, left: 1 });
    assert.equal(server.posts.length, 0);
  });

  test("a check-in is kept for the person last signed in, as text, at the tap", async () => {
    const store = memoryStore();
    const queue = queueOf(store, crylog(), { newId: () => "made-here" });
    const item = await queue.add(2, { valence: 30, arousal: null });
    assert.deepEqual(item, {
      id: "made-here",
      owner: "2",
      endedAt: new Date(NOW).toISOString(),
      created: NOW,
      valence: 30,
      arousal: null,
      before: null,
      details: null,
    });
    // A form's own id is kept: had its request reached crylog, sending it again is that cry.
    assert.equal((await queue.add(2, { id: "the-form's", valence: 30 })).id, "the-form's");
  });

  test("a before rating and details join their check-in on the phone", async () => {
    const store = memoryStore([checkIn("a")]);
    const queue = queueOf(store, crylog());
    await queue.rateBefore("a", 65);
    await queue.addDetails("a", [["company", "alone"]]);
    assert.equal(await queue.rateBefore("gone", 65), null);
    const [item] = await queue.all();
    assert.deepEqual([item.before, item.details], [65, [["company", "alone"]]]);
  });
});

describe("sending twice at once", () => {
  test("two sends at once in one page make one round", async () => {
    const store = memoryStore([checkIn("a")]);
    const server = crylog();
    const queue = queueOf(store, server);
    const [first, second] = await Promise.all([queue.flush(), queue.flush()]);
    assert.equal(server.creates().length, 1);
    assert.equal(first, second);
  });

  test("a send waiting for the lock (another tab) makes its own round after, with nothing left", async () => {
    let held = Promise.resolve();
    const lock = (_name, work) => {
      const turn = held.then(() => work());
      held = turn.catch(() => {});
      return turn;
    };
    const store = memoryStore([checkIn("a")]);
    const server = crylog();
    const queue = queueOf(store, server, { lock });
    const outcomes = await Promise.all([queue.flush(), queue.flush()]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.sent),
      [1, 0],
    );
    assert.equal(server.creates().length, 1);
  });
});

describe("the small parts", () => {
  test("a cry's page gives its id; any other page gives none", () => {
    assert.equal(cryIdOf("/cries/{id}/", "/cries/42/"), "42");
    for (const path of [
      "/cries/",
      "/cries/new/",
      "/cries/42/before/",
      "/accounts/login/",
      "/cries//",
    ]) {
      assert.equal(cryIdOf("/cries/{id}/", path), null, path);
    }
  });

  test("a form's body leaves out what is empty and keeps a name that comes twice", () => {
    const body = formBody([
      ["triggers", "loss"],
      ["triggers", "overload"],
      ["note", ""],
      ["arousal", null],
      ["shame", 0],
    ]);
    assert.equal(body.toString(), "triggers=loss&triggers=overload&shame=0");
    assert.equal(formBody({ valence: 40, arousal: undefined }).toString(), "valence=40");
  });
});
