"""The pseudo-language: crylog's words, Django's and allauth's, each "translated" as itself in
⟦…⟧, so that a word shown without a translation stands out. The words of our scripts too, in
a JavaScript catalogue of their own (djangojs)."""

from collections.abc import Iterator
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings

from tests.i18n.catalogues import Entry, read_po, write_mo

PSEUDO = "en-xa"  # a private-use region: no real language will ever have it


def catalogues() -> Iterator[Path]:
    """crylog's catalogue, and the English catalogues of Django and of every installed app."""
    yield Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    yield Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    for app in apps.get_app_configs():
        po = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / "django.po"
        if po.is_file():
            yield po


def script_catalogue() -> Path:
    """The words of our scripts (the only djangojs catalogue crylog's pages load)."""
    return Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"


def pseudo(entry: Entry) -> Entry:
    texts = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else (entry.msgid,)
    return Entry(entry.msgid, entry.msgid_plural, entry.context, tuple(f"⟦{t}⟧" for t in texts))


def offer_pseudo_language(settings: object, folder: Path) -> str:
    """Write the pseudo-language's catalogues into ``folder`` and offer it beside crylog's
    own languages (``settings`` is pytest-django's fixture, which puts them back after)."""
    entries: dict[tuple[str, str, str], Entry] = {}
    for po in catalogues():
        for entry in read_po(po):
            entries.setdefault(entry.key, pseudo(entry))
    messages = folder / "en_XA" / "LC_MESSAGES"
    write_mo(entries.values(), messages / "django.mo", language=PSEUDO)
    scripts = [pseudo(entry) for entry in read_po(script_catalogue())]
    write_mo(scripts, messages / "djangojs.mo", language=PSEUDO)
    settings.LOCALE_PATHS = [folder, *settings.LOCALE_PATHS]  # type: ignore[attr-defined]
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "⟦pseudo⟧")]  # type: ignore[attr-defined]
    return PSEUDO
