"""The participant's forms: agreeing to a consent version, keeping a cry out, withdrawing.
(The researcher's are in ``study_forms``.)"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    """ "I agree": the number of the consent version the page showed, so that agreeing to a
    text that changed meanwhile is refused rather than recorded."""

    consent_number = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class KeepOutForm(forms.Form):
    excluded = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class WithdrawForm(forms.Form):
    keep = forms.TypedChoiceField(
        label=_("What you gave the study until now"),
        choices=[
            ("no", _("Delete what I gave from the study")),
            ("yes", _("Let the study keep what I gave until now")),
        ],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )
