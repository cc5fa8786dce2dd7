"""Which country a person is in, as far as what they told crylog or their browser says it.

Two clues, in this order:

1. the time zone of a person signed in (``User.timezone``, which the browser sets on a first
   visit and Settings can change): the IANA tables say which country it is in;
2. the region of the browser's first language (``es-MX``, ``de-AT``). Never the language
   alone: Spanish is spoken in twenty countries, and "es" says nothing about which.

A time zone that belongs to a country settles it, whatever the browser says, even when that
country is one crylog lists no line for. Nothing here guesses: no clue, no country.

The tables come from the ``tzdata`` package (a dependency, pinned in uv.lock), not from the
system's /usr/share/zoneinfo, which a slim container or Windows does not have. ``zone.tab``
names one country for each zone; a name it lacks (``America/Buenos_Aires``, which Chrome still
reports, or ``Mexico/General``) is a link to a zone that has one, read from ``tzdata.zi``. A
link counts only when ``zone1970.tab`` says its zone serves a single country: since 2022
``Europe/Oslo`` and ``Atlantic/Jan_Mayen`` are links to ``Europe/Berlin``, and
``Iceland`` one to ``Africa/Abidjan``, which would put Norway in Germany and Iceland in Côte
d'Ivoire. A name without an area is no clue either: ``EET`` (a link to ``Europe/Athens``) and
``WET`` are abbreviations shared by many countries, and browsers never report such names.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from django.utils.translation.trans_real import parse_accept_lang_header

# ISO 3166-1 keeps these for private use: a region a browser may send that is no country.
PRIVATE_USE = re.compile(r"AA|Q[M-Z]|X[A-Z]|ZZ")


@dataclass(frozen=True)
class Clue:
    """A country (ISO 3166-1 alpha-2) and what told it: a time zone or a browser language."""

    country: str
    time_zone: str = ""
    language: str = ""  # the browser's language tag as it sent it, lower case: "es-mx"


def _table(name: str) -> list[list[str]]:
    text = (files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    return [line.split() for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _country_of_zone() -> dict[str, str]:
    """Each zone of zone.tab: its one country."""
    return {row[2]: row[0] for row in _table("zone.tab")}


@cache
def _countries_since_1970() -> dict[str, tuple[str, ...]]:
    """Each zone of zone1970.tab: every country it has served since 1970."""
    return {row[2]: tuple(row[0].split(",")) for row in _table("zone1970.tab")}


@cache
def _links() -> dict[str, str]:
    """Each link name of tzdata.zi (``L target name``): the zone it stands for."""
    return {row[2]: row[1] for row in _table("tzdata.zi") if row[0] == "L"}


def country_of_time_zone(zone: str) -> str | None:
    """The country an IANA time zone is in, or None (UTC, ``Etc/GMT+3``, an unknown name)."""
    if country := _country_of_zone().get(zone):
        return country
    if "/" not in zone:
        return None
    target = zone
    for _ in range(5):  # a link's target can be a link; tzdata keeps such chains short
        target = _links().get(target, "")
        if not target:
            return None
        served = _countries_since_1970().get(target, ())
        if served:
            return served[0] if len(served) == 1 else None
    return None


def first_language(accept_language: str) -> str | None:
    """The language a browser asks for first (highest weight), lower case, or None."""
    for tag, _weight in parse_accept_lang_header(accept_language):
        return None if tag == "*" else tag
    return None


def country_of_language(tag: str) -> str | None:
    """The country a language tag names as its region (``es-MX`` → ``MX``), or None.

    A tag is language, then optional script (four letters), then region: two letters are a
    country, three digits an area of several (``es-419``, Latin America), which is none.
    """
    for subtag in tag.split("-")[1:3]:
        if len(subtag) == 2 and subtag.isascii() and subtag.isalpha():
            region = subtag.upper()
            return None if PRIVATE_USE.fullmatch(region) else region
        if len(subtag) != 4:  # not a script: whatever follows is no region
            return None
    return None


def country_clue(*, time_zone: str, accept_language: str) -> Clue | None:
    """The person's country and what told it; the time zone first, then the browser."""
    if time_zone and (country := country_of_time_zone(time_zone)):
        return Clue(country, time_zone=time_zone)
    language = first_language(accept_language)
    if language and (country := country_of_language(language)):
        return Clue(country, language=language)
    return None
