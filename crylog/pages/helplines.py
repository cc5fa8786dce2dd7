"""Crisis lines and emergency numbers shown on the help page.

Only lines whose numbers are well established are listed, each with what a call costs
(free, but for Switzerland's 143); every number is a ``tel:`` (or ``sms:``) link so one tap
dials it. Where each number was checked, and which countries were left to the international
directory, is in docs/privacy-and-safety.md: check again before adding or changing one.

The one link that leaves crylog is that directory: it is listed in ``OUTBOUND_LINKS`` and in
docs/privacy-and-safety.md, and tests allow no other outside address on any page.

A line's own name is data, never translated; a country's name, what a number reaches and
the hours are words, translated where they are shown.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language_info, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from crylog.pages.countries import Clue


@dataclass(frozen=True)
class Contact:
    number: str  # as the country writes it; digits and * only once spaces are taken out
    scheme: str  # tel or sms

    @property
    def href(self) -> str:
        return f"{self.scheme}:{self.number.replace(' ', '')}"

    @property
    def label(self) -> str:
        """Said in the language of the page, so made when it is shown."""
        if self.scheme == "sms":
            return gettext("Text %(number)s") % {"number": self.number}
        return gettext("Call %(number)s") % {"number": self.number}


def call(number: str) -> Contact:
    return Contact(number, "tel")


def text(number: str) -> Contact:
    return Contact(number, "sms")


@dataclass(frozen=True)
class Emergency:
    contact: Contact
    reaches: Promise  # what the number reaches there: emergencies, an ambulance, the police


EMERGENCIES = pgettext_lazy("what an emergency number reaches", "emergencies")
AMBULANCE = pgettext_lazy("what an emergency number reaches", "ambulance")
POLICE = pgettext_lazy("what an emergency number reaches", "police")


@dataclass(frozen=True)
class Country:
    name: Promise
    emergency: tuple[Emergency, ...]


# Every country a line below is listed for (ISO 3166-1 alpha-2), with its emergency numbers:
# the help page shows them first to a person it finds to be there (crylog/pages/countries.py).
COUNTRIES: dict[str, Country] = {
    "US": Country(_("United States"), (Emergency(call("911"), EMERGENCIES),)),
    "CA": Country(_("Canada"), (Emergency(call("911"), EMERGENCIES),)),
    "GB": Country(_("United Kingdom"), (Emergency(call("999"), EMERGENCIES),)),
    "IE": Country(
        _("Ireland"), (Emergency(call("112"), EMERGENCIES), Emergency(call("999"), EMERGENCIES))
    ),
    "AU": Country(_("Australia"), (Emergency(call("000"), EMERGENCIES),)),
    "NZ": Country(_("New Zealand"), (Emergency(call("111"), EMERGENCIES),)),
    "DE": Country(_("Germany"), (Emergency(call("112"), EMERGENCIES),)),
    "AT": Country(
        _("Austria"), (Emergency(call("112"), EMERGENCIES), Emergency(call("144"), AMBULANCE))
    ),
    "CH": Country(
        _("Switzerland"),
        (Emergency(call("112"), EMERGENCIES), Emergency(call("144"), AMBULANCE)),
    ),
    "FR": Country(_("France"), (Emergency(call("112"), EMERGENCIES),)),
    "ES": Country(_("Spain"), (Emergency(call("112"), EMERGENCIES),)),
    "AR": Country(
        _("Argentina"), (Emergency(call("911"), EMERGENCIES), Emergency(call("107"), AMBULANCE))
    ),
    "CL": Country(_("Chile"), (Emergency(call("131"), AMBULANCE), Emergency(call("133"), POLICE))),
    "CO": Country(_("Colombia"), (Emergency(call("123"), EMERGENCIES),)),
    "EC": Country(_("Ecuador"), (Emergency(call("911"), EMERGENCIES),)),
    "MX": Country(_("Mexico"), (Emergency(call("911"), EMERGENCIES),)),
    "PE": Country(_("Peru"), (Emergency(call("106"), AMBULANCE), Emergency(call("105"), POLICE))),
    "UY": Country(_("Uruguay"), (Emergency(call("911"), EMERGENCIES),)),
}

FREE_DAY_AND_NIGHT = _("free, day and night")


@dataclass(frozen=True)
class Helpline:
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2 codes of COUNTRIES
    name: str  # its own name, in its own language: never translated
    contacts: tuple[Contact, ...]
    hours: Promise = FREE_DAY_AND_NIGHT  # when it answers and what a call costs
    where: Promise | None = None  # its heading when it serves several countries

    @property
    def heading(self) -> Promise:
        return self.where or COUNTRIES[self.countries[0]].name


HELPLINES: tuple[Helpline, ...] = (
    Helpline(("US",), "988 Suicide & Crisis Lifeline", (call("988"), text("988"))),
    Helpline(("CA",), "9-8-8 Suicide Crisis Helpline", (call("988"), text("988"))),
    Helpline(("GB", "IE"), "Samaritans", (call("116 123"),), where=_("United Kingdom and Ireland")),
    Helpline(("AU",), "Lifeline", (call("13 11 14"),)),
    Helpline(("NZ",), "Need to talk?", (call("1737"), text("1737"))),
    Helpline(
        ("DE",),
        "TelefonSeelsorge",
        (call("0800 111 0 111"), call("0800 111 0 222"), call("116 123")),
    ),
    Helpline(("AT",), "TelefonSeelsorge", (call("142"),)),
    Helpline(
        ("CH",),
        "Die Dargebotene Hand · La Main Tendue · Telefono Amico",
        (call("143"),),
        hours=_("20 centimes a call however long it lasts, day and night"),
    ),
    Helpline(("FR",), "3114, numéro national de prévention du suicide", (call("3114"),)),
    Helpline(("ES",), "Línea 024 de atención a la conducta suicida", (call("024"),)),
    Helpline(
        ("AR",),
        "Orientación y Apoyo en la Urgencia de Salud Mental",
        (call("0800 999 0091"),),
    ),
    Helpline(("CL",), "Línea de Prevención del Suicidio", (call("*4141"),)),
    Helpline(
        ("CO",),
        "Línea 106 “El poder de ser escuchado”",
        (call("106"),),
        hours=_("free, day and night, in Bogotá"),
    ),
    Helpline(
        ("EC",),
        "Línea 171, Ministerio de Salud Pública",
        (call("171"),),
        hours=_("free, day and night: choose 6 (mental health) when it answers"),
    ),
    Helpline(("MX",), "Línea de la Vida", (call("800 911 2000"),)),
    Helpline(
        ("PE",),
        "Línea 113, Ministerio de Salud",
        (call("113"),),
        hours=_("free, day and night: choose 5 (mental health) when it answers"),
    ),
    Helpline(
        ("UY",),
        "Línea Vida",
        (call("0800 0767"), call("*0767")),
        hours=_("free, day and night; the short number from a mobile phone"),
    ),
)

EMERGENCY_NUMBERS: tuple[tuple[Promise, Contact], ...] = (
    (_("most of Europe, and from any mobile phone in many countries"), call("112")),
    (_("United States and Canada"), call("911")),
    (_("United Kingdom"), call("999")),
    (_("Australia"), call("000")),
    (_("New Zealand"), call("111")),
)

FIND_A_HELPLINE = "https://findahelpline.com/"

OUTBOUND_LINKS: frozenset[str] = frozenset({FIND_A_HELPLINE})


def language_name(tag: str) -> str:
    """The language of a browser's language tag by its name in the language of the page:
    "Spanish" for ``es-mx`` (not Django's "Mexican Spanish": the country follows it),
    "Traditional Chinese" for ``zh-hant-tw``, or the tag itself for a language Django has no
    name for."""
    subtags = tag.split("-")
    for code in [subtags[0], *("-".join(subtags[:n]) for n in range(len(subtags), 1, -1))]:
        try:
            return str(get_language_info(code)["name_translated"])
        except KeyError:
            continue
    return tag


@dataclass(frozen=True)
class LocalHelp:
    """What the help page shows first: the lines and emergency numbers of the person's
    country, and why it thinks that is where they are."""

    clue: Clue
    country: Country
    lines: tuple[Helpline, ...]

    @property
    def reason(self) -> str:
        if self.clue.time_zone:
            # Translators: %(zone)s is a time zone's IANA name, such as Europe/Vienna.
            return gettext("Shown first because your time zone is %(zone)s.") % {
                "zone": self.clue.time_zone
            }
        # Translators: %(language)s names a language ("Spanish"), %(country)s a country
        # ("Mexico"): the browser asks for pages in that language as it is written there.
        return gettext("Shown first because your browser asks for %(language)s (%(country)s).") % {
            "language": language_name(self.clue.language),
            "country": self.country.name,
        }


def local_help(clue: Clue | None) -> LocalHelp | None:
    """The help for the country of ``clue``, or None where there is no clue or crylog lists
    no line for that country: then the page shows every country alike."""
    if clue is None or clue.country not in COUNTRIES:
        return None
    lines = tuple(line for line in HELPLINES if clue.country in line.countries)
    return LocalHelp(clue, COUNTRIES[clue.country], lines)
