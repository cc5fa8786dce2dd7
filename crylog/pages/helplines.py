"""Crisis lines shown on the help page.

Only lines whose numbers are well established and free to call are listed; every number is a
``tel:`` (or ``sms:``) link so one tap dials it. The one link that leaves crylog is the
international directory for everywhere else: it is listed in ``OUTBOUND_LINKS`` and in
docs/privacy-and-safety.md, and tests allow no other outside address on any page.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Contact:
    number: str
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


FREE_DAY_AND_NIGHT = _("free, day and night")


@dataclass(frozen=True)
class Helpline:
    countries: Promise
    name: str  # its own name, in its own language: never translated
    contacts: tuple[Contact, ...]
    hours: Promise = FREE_DAY_AND_NIGHT


def call(number: str) -> Contact:
    return Contact(number, "tel")


def text(number: str) -> Contact:
    return Contact(number, "sms")


HELPLINES: tuple[Helpline, ...] = (
    Helpline(_("United States"), "988 Suicide & Crisis Lifeline", (call("988"), text("988"))),
    Helpline(_("Canada"), "9-8-8 Suicide Crisis Helpline", (call("988"), text("988"))),
    Helpline(_("United Kingdom and Ireland"), "Samaritans", (call("116 123"),)),
    Helpline(_("Australia"), "Lifeline", (call("13 11 14"),)),
    Helpline(_("New Zealand"), "Need to talk?", (call("1737"), text("1737"))),
    Helpline(_("Germany"), "TelefonSeelsorge", (call("0800 111 0 111"), call("0800 111 0 222"))),
    Helpline(_("France"), "3114, numéro national de prévention du suicide", (call("3114"),)),
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
