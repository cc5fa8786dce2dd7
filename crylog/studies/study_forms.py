"""The researcher's study form: what a study is, its protocol and its consent text."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import uuid4

from django import forms
from django.utils.translation import gettext_lazy as _

from crylog.accounts.models import FOLLOWUP_DELAY_MAX, FOLLOWUP_DELAY_MIN
from crylog.studies.models import Study

CONSENT_MAX_LENGTH = 20_000


class StudyForm(forms.ModelForm[Study]):
    """A new study, or a change to one. The consent text is no field of ``Study``: it is saved
    as a consent version by ``services.study_create`` / ``study_update``."""

    consent_text = forms.CharField(
        label=_("Consent text"),
        max_length=CONSENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Write the consent text participants agree to.")},
        help_text=_(
            "What participants read and agree to before they join: what the study is for, "
            "what it receives, how long it is kept, and that they can leave at any time."
        ),
    )
    followup_delay_minutes = forms.IntegerField(
        label=_("Follow-up after (minutes)"),
        min_value=FOLLOWUP_DELAY_MIN,
        max_value=FOLLOWUP_DELAY_MAX,
        initial=90,
        help_text=_("How long after a cry ends participants are asked again: 30 to 240."),
    )
    max_participants = forms.IntegerField(
        label=_("Most participants"),
        min_value=1,
        initial=30,
        help_text=_("Once this many take part, the invitation takes nobody new."),
    )
    # The form's own id, made when the form is shown: the same form sent again (a double tap,
    # a retry, the back button) is the study it made (views/researcher.py, study_create).
    form_id = forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid4)

    class Meta:
        model = Study
        fields = (
            "title",
            "run_by",
            "contact",
            "consent_text",
            "followup_delay_minutes",
            "after_20",
            "collects_details",
            "collects_notes",
            "starts_on",
            "ends_on",
            "max_participants",
        )
        labels: ClassVar[dict[str, Any]] = {
            "title": _("Title"),
            "run_by": _("Who runs it"),
            "contact": _("How to reach them"),
            "after_20": _("Ask at 20 minutes too"),
            "collects_details": _("Collect the details of each cry"),
            "collects_notes": _("Collect the notes"),
            "starts_on": _("First day"),
            "ends_on": _("Last day"),
        }
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, consent_text: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if consent_text is not None:
            self.fields["consent_text"].initial = consent_text
        if self.instance.pk is not None:  # editing: the id guards only against a second study
            del self.fields["form_id"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first is not None and last is not None and last < first:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The study's fields as the form has them (the consent text and the id aside)."""
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("consent_text",) and name in self.cleaned_data
        }
