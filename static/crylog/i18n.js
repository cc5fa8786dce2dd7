// The words our scripts show, in the language of the page (docs/translation.md, JavaScript).
// Each is marked where it is written, a whole sentence with named placeholders:
//   gettext("Saved on this phone.")
//   interpolate(ngettext("%(count)s check-in", "%(count)s check-ins", n), { count: n }, true)
// makemessages reads these calls into locale/<language>/LC_MESSAGES/djangojs.po. The
// translations come from Django's JavaScript catalogue (crylog/pwa/catalogue.py), a classic
// script that sets globalThis.django: the pages load it before their modules, the service
// worker carries it. Without it (Node's tests, a catalogue that did not load) the words stay
// as written, in English.

const catalogue = () => globalThis.django;

export function gettext(msgid) {
  const django = catalogue();
  return django ? django.gettext(msgid) : msgid;
}

export function ngettext(singular, plural, count) {
  const django = catalogue();
  if (django) return django.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

// Django's: with `named`, each %(name)s of `format` takes values[name]; else each %s the next
// of the list `values`.
export function interpolate(format, values, named) {
  const django = catalogue();
  if (django) return django.interpolate(format, values, named);
  if (named) return format.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name]));
  const list = [...values];
  return format.replace(/%s/g, () => String(list.shift()));
}

// The language of the page (<html lang>, the person's own), for dates and numbers: the
// browser's own language may be another.
export function pageLanguage() {
  return globalThis.document?.documentElement.lang || undefined;
}
