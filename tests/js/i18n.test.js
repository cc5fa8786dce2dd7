// The words of our scripts (static/crylog/i18n.js), in Node: English as written when no
// catalogue has loaded, the catalogue's words once it has. tests/pwa/test_catalogue.py and
// tests/browser/test_script_words.py check Django's real catalogue on pages and offline.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";

import { gettext, interpolate, ngettext, pageLanguage } from "../../static/crylog/i18n.js";

// What Django's catalogue sets (django.views.i18n.JavaScriptCatalog), with every word marked.
const pseudo = {
  gettext: (msgid) => `⟦${msgid}⟧`,
  ngettext: (singular, plural, count) => `⟦${count === 1 ? singular : plural}⟧`,
  interpolate: (format, values) => format.replace(/%\((\w+)\)s/g, (_m, name) => values[name]),
};

afterEach(() => {
  delete globalThis.django;
});

describe("without a catalogue", () => {
  test("the words stay as written", () => {
    assert.equal(gettext("Answer now"), "Answer now");
  });

  test("a count takes the singular for one and the plural for any other number", () => {
    const words = (n) => ngettext("%(count)s check-in", "%(count)s check-ins", n);
    assert.equal(words(1), "%(count)s check-in");
    assert.equal(words(0), "%(count)s check-ins");
    assert.equal(words(2), "%(count)s check-ins");
  });

  test("named placeholders take their values, each where it stands", () => {
    const format = "%(count)s of %(total)s, %(count)s again";
    assert.equal(interpolate(format, { count: 3, total: 100 }, true), "3 of 100, 3 again");
  });

  test("unnamed placeholders take the values in order, the list left as it was", () => {
    const values = ["a", "b"];
    assert.equal(interpolate("%s then %s", values), "a then b");
    assert.deepEqual(values, ["a", "b"]);
  });

  test("without a page there is no page language", () => {
    assert.equal(pageLanguage(), undefined);
  });
});

describe("with a catalogue", () => {
  test("the catalogue's words are used", () => {
    globalThis.django = pseudo;
    assert.equal(gettext("Answer now"), "⟦Answer now⟧");
    assert.equal(ngettext("one", "many", 2), "⟦many⟧");
    const words = interpolate(gettext("%(value)s of 100"), { value: 40 }, true);
    assert.equal(words, "⟦40 of 100⟧");
  });

  test("a catalogue that loads after the module is read when a word is needed", async () => {
    // The service worker's modules are imported before its own script runs the catalogue.
    const again = await import(`../../static/crylog/i18n.js?late=${Date.now()}`);
    assert.equal(again.gettext("Answer now"), "Answer now");
    globalThis.django = pseudo;
    assert.equal(again.gettext("Answer now"), "⟦Answer now⟧");
  });
});

test("the page's language is its <html lang>, the person's own", () => {
  globalThis.document = { documentElement: { lang: "de" } };
  try {
    assert.equal(pageLanguage(), "de");
    globalThis.document.documentElement.lang = "";
    assert.equal(pageLanguage(), undefined); // the browser's then
  } finally {
    delete globalThis.document;
  }
});
