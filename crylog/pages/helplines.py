"""Crisis lines shown on the help page.

Only lines whose numbers are well established and free to call are listed; every number is a
``tel:`` (or ``sms:``) link so one tap dials it. The one link that leaves crylog is the
international directory for everywhere else: it is listed in ``OUTBOUND_LINKS`` and in
docs/privacy-and-safety.md, and tests allow no other outside address on any page.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Contact:
    label: str
    href: str


@dataclass(frozen=True)
class Helpline:
    countries: str
    name: str
    contacts: tuple[Contact, ...]
    hours: str = "free, day and night"


def call(number: str) -> Contact:
    return Contact(f"Call {number}", "tel:" + number.replace(" ", ""))


def text(number: str) -> Contact:
    return Contact(f"Text {number}", "sms:" + number.replace(" ", ""))


HELPLINES: tuple[Helpline, ...] = (
    Helpline("United States", "988 Suicide & Crisis Lifeline", (call("988"), text("988"))),
    Helpline("Canada", "9-8-8 Suicide Crisis Helpline", (call("988"), text("988"))),
    Helpline("United Kingdom and Ireland", "Samaritans", (call("116 123"),)),
    Helpline("Australia", "Lifeline", (call("13 11 14"),)),
    Helpline("New Zealand", "Need to talk?", (call("1737"), text("1737"))),
    Helpline("Germany", "TelefonSeelsorge", (call("0800 111 0 111"), call("0800 111 0 222"))),
    Helpline("France", "3114, numéro national de prévention du suicide", (call("3114"),)),
)

EMERGENCY_NUMBERS: tuple[tuple[str, Contact], ...] = (
    ("most of Europe, and from any mobile phone in many countries", call("112")),
    ("United States and Canada", call("911")),
    ("United Kingdom", call("999")),
    ("Australia", call("000")),
    ("New Zealand", call("111")),
)

FIND_A_HELPLINE = "https://findahelpline.com/"

OUTBOUND_LINKS: frozenset[str] = frozenset({FIND_A_HELPLINE})
