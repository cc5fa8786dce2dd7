from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

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


class ImportForm(forms.Form):
    """An export file, checked for size and encoding; reading what is in it is portability's job."""

    file = forms.FileField(
        label="Export file (CSV or JSON)",
        help_text="A file crylog exported, from this account or another.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )

    def clean_file(self) -> str:
        """The file's text."""
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                f"This file is {_megabytes(upload.size)}; crylog reads files up to "
                f"{_megabytes(limit)}. Nothing was saved. Split it into smaller files, each "
                "starting with the same header line, and import them one after the other."
            )
        self.file_name = upload.name or ""
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "This file is not UTF-8 text. Export it from crylog again, or save it as UTF-8."
            ) from None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password
