"""History's filters: which of a person's cries the list shows (docs/architecture.md, "History").

Every filter is a GET parameter, so a filtered list is a URL: it can be bookmarked, paged and
gone back to. A value that cannot be used (a date that does not exist, a trigger not on the
person's list) makes the form invalid and the page says which; nothing is shown half-filtered.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crylog.cries.models import (
    EARLIEST_YEAR,
    NOTE_MAX_LENGTH,
    TIME_MESSAGES,
    TOO_EARLY,
    Company,
    CryQuerySet,
    Feeling,
    OwnTrigger,
    Trigger,
)

if TYPE_CHECKING:
    from crylog.accounts.models import User

OWN = "own-"  # an own trigger's value in the URL: own-12
ANSWERED = "answered"
UNANSWERED = "unanswered"
FIRST_DAY = date(EARLIEST_YEAR, 1, 1)
# The names in the URL, in the order the form shows them ("from" is a Python keyword, so the
# fields are added by name in __init__).
PARAMETERS = ("from", "to", "trigger", "feeling", "company", "checkin", "q")
NOT_ON_THE_LIST = _("That is not one of the choices here. Choose again, or clear the filters.")


class DayInput(forms.DateInput):
    """``<input type="date">``, whose value is a real day or nothing (HTML allows no other):
    a day that does not exist, from the address, is said beside the field instead."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return None
            return value if len(value) == len("2026-06-10") else None
        return super().format_value(value)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DayInput(),
        error_messages={"invalid": _("That is not a date: please check it.")},
    )


def _choice_field(label: Any, choices: list[Any], *, any_label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", any_label), *choices],
        error_messages={"invalid_choice": NOT_ON_THE_LIST},
    )


class HistoryFilterForm(forms.Form):
    """The filters of one person's history. Bound to the request's GET parameters always: with
    none it is valid and filters nothing."""

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data)
        self.user = user
        # Retired ones too: they stay on the cries that have them.
        self.own_triggers = {f"{OWN}{own.pk}": own for own in OwnTrigger.objects.for_user(user)}
        triggers: list[Any] = [(pgettext_lazy("history filter", "crylog's list"), Trigger.choices)]
        if self.own_triggers:
            triggers.append(
                (
                    pgettext_lazy("history filter", "your own"),
                    [(value, own.name) for value, own in self.own_triggers.items()],
                )
            )
        fields: dict[str, forms.Field] = {
            "from": _date_field(pgettext_lazy("period", "From")),
            "to": _date_field(pgettext_lazy("period", "To")),
            "trigger": _choice_field(
                _("What brought it on?"), triggers, any_label=pgettext_lazy("trigger", "any")
            ),
            "feeling": _choice_field(
                _("How did it feel?"), Feeling.choices, any_label=pgettext_lazy("feeling", "any")
            ),
            "company": _choice_field(
                _("Who was with you?"), Company.choices, any_label=pgettext_lazy("company", "any")
            ),
            "checkin": _choice_field(
                _("The 90-minute check-in"),
                [
                    (ANSWERED, pgettext_lazy("check-in", "answered")),
                    (UNANSWERED, pgettext_lazy("check-in", "not answered")),
                ],
                any_label=pgettext_lazy("check-in", "either"),
            ),
            "q": forms.CharField(
                label=_("Notes contain"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
                error_messages={
                    "max_length": _("That is longer than any note can be: search for less.")
                },
            ),
        }
        self.fields.update(fields)

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        start, end = data.get("from"), data.get("to")
        for name in ("from", "to"):
            day = data.get(name)
            if day is not None and day < FIRST_DAY:
                self.add_error(name, TIME_MESSAGES[TOO_EARLY])
        dates_read = "from" not in self.errors and "to" not in self.errors
        if start and end and start > end and dates_read:
            self.add_error("to", _("This day is before the “From” day: choose a later one."))
        return data

    def active(self) -> int:
        """How many filters are set (a period counts once), for "Filter (2)"."""
        data = self.data
        period = bool(data.get("from") or data.get("to"))
        return period + sum(bool(data.get(name)) for name in PARAMETERS[2:])

    def query_string(self) -> str:
        """The filters as given, for links that keep them (paging): no page, nothing unknown."""
        return urlencode([(name, self.data[name]) for name in PARAMETERS if self.data.get(name)])

    def filter(self, cries: CryQuerySet) -> CryQuerySet:
        """``cries`` narrowed by every filter set; call it on a valid form only."""
        data = self.cleaned_data
        zone = self.user.zone
        # Whole days in the person's time zone: from the first midnight up to, not including,
        # the midnight after the "to" day (a cry at 23:59 that day is in, 00:00 is not).
        if data["from"]:
            cries = cries.ended_since(datetime.combine(data["from"], time.min, tzinfo=zone))
        if data["to"] and data["to"] < date.max:
            next_day = data["to"] + timedelta(days=1)
            cries = cries.ended_before(datetime.combine(next_day, time.min, tzinfo=zone))
        if trigger := data["trigger"]:
            if trigger in self.own_triggers:
                cries = cries.with_own_trigger(self.own_triggers[trigger])
            else:
                cries = cries.with_trigger(trigger)
        if data["feeling"]:
            cries = cries.with_feeling(data["feeling"])
        if data["company"]:
            cries = cries.with_company(data["company"])
        if data["checkin"]:
            cries = cries.with_after_90(answered=data["checkin"] == ANSWERED)
        if data["q"]:
            cries = cries.with_note_containing(data["q"])
        return cries


def note_excerpt(note: str, text: str, *, around: int = 40) -> SafeString:
    """The part of ``note`` where ``text`` is found (in any case), that part marked."""
    at = note.lower().find(text.lower()) if text else -1
    # Lower case can change a string's length (İ); the excerpt then starts at the note's start.
    if at < 0 or len(note.lower()) != len(note):
        return format_html("{}", _shorten(note, around * 2))
    end = at + len(text)
    before = note[max(0, at - around) : at]
    after = note[end : end + around]
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if at > around else "",
        before,
        note[at:end],
        after,
        "…" if end + around < len(note) else "",
    )


def _shorten(note: str, length: int) -> str:
    return note if len(note) <= length else note[:length] + "…"
