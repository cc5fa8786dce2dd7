from django import forms

from crylog.accounts.models import FOLLOWUP_DELAY_MAX, FOLLOWUP_DELAY_MIN, User, timezone_names


class SettingsForm(forms.ModelForm):
    timezone = forms.ChoiceField(label="Time zone", choices=())
    followup_delay_minutes = forms.IntegerField(
        label="Follow-up after (minutes)",
        min_value=FOLLOWUP_DELAY_MIN,
        max_value=FOLLOWUP_DELAY_MAX,
        help_text="90 minutes follows the research; anything from 30 to 240 works.",
    )

    class Meta:
        model = User
        fields = ["timezone", "followup_delay_minutes", "followup_after_20", "safety_messages"]
        labels = {"safety_messages": "After a very low rating, offer the help page"}
        help_texts = {
            "safety_messages": "A short line with a link under “Saved”. It never stops you and is never shown to anyone else."
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        timezone_field = self.fields["timezone"]
        assert isinstance(timezone_field, forms.ChoiceField)
        timezone_field.choices = [(name, name) for name in sorted(timezone_names())]


class TimezoneForm(forms.Form):
    """The browser's own time zone, sent once on a first visit."""

    timezone = forms.CharField(max_length=64)

    def clean_timezone(self) -> str:
        name: str = self.cleaned_data["timezone"]
        if name not in timezone_names():
            raise forms.ValidationError("Unknown time zone.")
        return name
