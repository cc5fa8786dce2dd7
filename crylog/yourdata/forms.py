from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crylog.accounts.models import User


class ImportForm(forms.Form):
    """An export file, checked for size and encoding; reading what is in it is reading.py's job."""

    file = forms.FileField(
        label=_("Export file (CSV or JSON)"),
        help_text=_("A file crylog exported, from this account or another."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )

    def clean_file(self) -> str:
        """The file's text."""
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                gettext(
                    "This file is %(size)s; crylog reads files up to %(limit)s. Nothing was "
                    "saved. Split it into smaller files, each starting with the same header "
                    "line, and import them one after the other."
                )
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            )
        self.file_name = upload.name or ""
        try:
            text: str = upload.read().decode("utf-8-sig")
            return text
        except UnicodeDecodeError:
            raise forms.ValidationError(
                gettext(
                    "This file is not UTF-8 text. Export it from crylog again, or save it as UTF-8."
                )
            ) from None


def _megabytes(size: int) -> str:
    return gettext("%(size)s MB") % {"size": number_format(size / 1_000_000, decimal_pos=1)}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Nothing was deleted."))
        return password
