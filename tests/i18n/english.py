"""English words where a person reads another language.

A word counts as English when crylog says it in English (a msgid of its catalogues, allauth's
words as crylog writes them, a month or weekday name) and the language a page is in never uses
it (no translation in crylog's, allauth's or Django's catalogue of that language has it). So
"Trends", "crylog" or "in" pass in German, while "Saved" or "cries" are found. Addresses and
numbers are data, never words.
"""

import calendar
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import allauth
import django
from django.conf import settings

from tests.i18n.catalogues import read_po

ROOT = Path(settings.BASE_DIR)
OURS = [ROOT / "locale", ROOT / "crylog" / "accounts" / "allauth_locale"]
THEIRS = [
    Path(django.__file__).parent / "conf" / "locale",
    Path(allauth.__file__).parent / "locale",
]
# Placeholders and markup are not words a person reads.
NOT_WORDS = re.compile(r"%\([a-z_]+\)[sd]|%\{[^}]*\}|<[^>]*>|\S+@\S+|https?://\S+")
WORD = re.compile(r"[^\W\d_]{2,}")


def words(text: str) -> Iterator[str]:
    return (word.lower() for word in WORD.findall(NOT_WORDS.sub(" ", text)))


def catalogues(folders: list[Path], language: str) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((folder / language / "LC_MESSAGES").glob("*.po"))


@cache
def english_only(language: str) -> frozenset[str]:
    """Every word crylog says in English that no translation into ``language`` uses."""
    english: set[str] = set()
    for path in catalogues(OURS, "en"):
        for entry in read_po(path):
            for text in (entry.msgid, entry.msgid_plural, *entry.msgstr):
                english.update(words(text))
    for names in (calendar.month_name, calendar.month_abbr, calendar.day_name, calendar.day_abbr):
        english.update(word.lower() for word in names if word)
    translated: set[str] = set()
    for path in catalogues(OURS + THEIRS, language):
        for entry in read_po(path):
            for text in entry.msgstr:
                translated.update(words(text))
    return frozenset(english - translated)


def english_in(text: str, language: str) -> list[str]:
    """The English words of ``text``, for a person reading ``language``; in the order read."""
    found = english_only(language)
    return [word for word in words(text) if word in found]
