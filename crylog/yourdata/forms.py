from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from crylog.accounts.models import User


class ImportForm(forms.Form):
    """An export file, checked for size and encoding; reading what is in it is reading.py's job."""

    file = forms.FileField(
        label="Export file (CSV or JSON)",
        help_text="A file crylog exported, from this account or another.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )

    def clean_file(self) -> str:
        """The file's text."""
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                f"This file is {_megabytes(upload.size)}; crylog reads files up to "
                f"{_megabytes(limit)}. Nothing was saved. Split it into smaller files, each "
                "starting with the same header line, and import them one after the other."
            )
        self.file_name = upload.name or ""
        try:
            text: str = upload.read().decode("utf-8-sig")
            return text
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
