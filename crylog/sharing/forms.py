from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crylog.insights.forms import SHARE_DAYS, SummaryForm


class ShareLinkForm(SummaryForm):
    """The summary's dates and notes choice, how many days the link lives, and the form's id."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"] = forms.TypedChoiceField(
            label=_("Days"), choices=[(days, days) for days in SHARE_DAYS], coerce=int
        )
        self.fields["form_id"] = forms.UUIDField(required=False, widget=forms.HiddenInput)
