"""The summary's dates and whether it shows the notes: the owner's page reads them from its
address, and a share link saves them (``crylog.sharing.forms``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Nothing crylog holds is older; it keeps the arithmetic on dates far from date.min.
EARLIEST = date(2000, 1, 1)
# How many days a share link of the summary can live (crylog.sharing); one button for each.
SHARE_DAYS = (1, 7, 30)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SummaryForm(forms.Form):
    """``from`` and ``to`` (both days included) and ``notes``. ``today`` is the person's."""

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        # "from" is a Python keyword, so the fields are named here rather than as attributes.
        self.fields["from"] = forms.DateField(label=_("From"), widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), widget=DateInput())
        self.fields["notes"] = forms.BooleanField(
            label=_("Include the notes of these cries"), required=False
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("from"), data.get("to")
        if first is None or last is None:
            return data
        if first < EARLIEST:
            self.add_error("from", _("Choose a day in 2000 or later."))
        if last > self.today:
            self.add_error("to", _("Choose today or an earlier day."))
        if first > last:
            self.add_error("to", _("The last day comes before the first: choose it again."))
        return data
