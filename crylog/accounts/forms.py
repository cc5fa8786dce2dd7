from typing import Any

from django import forms

from crylog.accounts.models import FOLLOWUP_DELAY_MAX, FOLLOWUP_DELAY_MIN, User, timezone_names


class SettingsForm(forms.ModelForm[User]):
    timezone = forms.ChoiceField(label="Time zone", choices=())
    followup_delay_minutes = forms.IntegerField(
        label="Follow-up after (minutes)",
        min_value=FOLLOWUP_DELAY_MIN,
        max_value=FOLLOWUP_DELAY_MAX,
        help_text="90 minutes follows the research; anything from 30 to 240 works.",
    )

    class Meta:
        model = User
        fields = [
            "timezone",
            "followup_delay_minutes",
            "followup_after_20",
            "safety_messages",
            "quiet_start",
            "quiet_end",
        ]
        labels = {"safety_messages": "After a very low rating, offer the help page"}
        help_texts = {
            "safety_messages": "A short line with a link under “Saved”. It never stops you and is never shown to anyone else.",
            "quiet_start": "From then, in your time zone, no reminder is pushed or e-mailed; the check-in still waits on the home page.",
            "quiet_end": "Leave both empty for reminders at any hour.",
        }
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        timezone_field = self.fields["timezone"]
        assert isinstance(timezone_field, forms.ChoiceField)
        timezone_field.choices = [(name, name) for name in sorted(timezone_names())]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if (start is None) != (end is None) and not self.errors:
            raise forms.ValidationError(
                "Quiet hours need both a start and an end, or neither. Nothing was changed."
            )
        if start is not None and start == end:
            raise forms.ValidationError(
                "Quiet hours need an end different from their start. Nothing was changed."
            )
        return cleaned


class TimezoneForm(forms.Form):
    """The browser's own time zone, sent once on a first visit."""

    timezone = forms.CharField(max_length=64)

    def clean_timezone(self) -> str:
        name: str = self.cleaned_data["timezone"]
        if name not in timezone_names():
            raise forms.ValidationError("Unknown time zone.")
        return name
