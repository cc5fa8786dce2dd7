from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crylog.accounts.models import User
from crylog.cries.forms import NOT_SAID, NULL_BOOLEAN_CHOICES, relief_field, valence_field
from crylog.cries.models import Resolved
from crylog.followups import push
from crylog.followups.models import FollowUp
from crylog.followups.vapid import b64url_decode

AFTER_90_ONLY = ["relief", "resolved", "new_understanding"]


class AnswerForm(forms.Form):
    """A follow-up check-in: one slider; at 90 minutes a few optional questions too."""

    valence = valence_field(_("How do you feel now?"))
    relief = relief_field()
    resolved = forms.ChoiceField(
        label=_("Is what made you cry resolved?"),
        choices=[("", NOT_SAID), *Resolved.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    new_understanding = forms.NullBooleanField(
        label=_("Did you understand something new?"),
        required=False,
        widget=forms.RadioSelect(choices=NULL_BOOLEAN_CHOICES),
    )

    def __init__(self, *args: Any, followup: FollowUp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not followup.is_after_90:
            for name in AFTER_90_ONLY:
                del self.fields[name]


class SubscriptionForm(forms.Form):
    """A browser's PushSubscription.toJSON(), flattened: endpoint, keys.p256dh, keys.auth.

    The endpoint is read by push.parse_endpoint, exactly as given (nothing stripped), and
    stored as it normalised it: what is stored is what a send connects to.
    """

    endpoint = forms.CharField(max_length=push.MAX_ENDPOINT_LENGTH, strip=False)
    p256dh = forms.CharField(max_length=120, strip=False)
    auth = forms.CharField(max_length=48, strip=False)

    def clean_endpoint(self) -> str:
        try:
            return push.parse_endpoint(self.cleaned_data["endpoint"]).url
        except push.RefusedEndpoint:
            raise forms.ValidationError(
                _("That is not the address of a known push service.")
            ) from None

    def clean_p256dh(self) -> str:
        return _clean_key(self.cleaned_data["p256dh"], length=65, first=b"\x04")

    def clean_auth(self) -> str:
        return _clean_key(self.cleaned_data["auth"], length=16)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "p256dh" in cleaned and "auth" in cleaned:
            try:
                push.check_keys(p256dh=cleaned["p256dh"], auth=cleaned["auth"])
            except push.UnusableKeys:
                raise forms.ValidationError(_("These keys are not ones a browser makes.")) from None
        return cleaned


BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}", re.ASCII)


def _clean_key(value: str, *, length: int, first: bytes = b"") -> str:
    # Strictly base64url: the decoder would skip other characters (a NUL among them) unread.
    try:
        raw = b64url_decode(value) if BASE64URL.fullmatch(value) else b""
    except ValueError:
        raw = b""
    if len(raw) != length or not raw.startswith(first):
        raise forms.ValidationError(_("This key is not one a browser makes."))
    return value


class EmailReminderForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["followup_email"]
        labels = {"followup_email": _("Also remind me by e-mail")}


LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


class OneLineInput(forms.TextInput):
    """A text field that shows a refused value with its line breaks as spaces: an HTML
    attribute cannot hold them, and the person sees the rest of what they sent."""

    def format_value(self, value: Any) -> str | None:
        formatted = super().format_value(value)
        return None if formatted is None else LINE_BREAKS.sub(" ", formatted)


class ReminderNameForm(forms.ModelForm[User]):
    """The name reminders go by instead of crylog (followups/wording.py); empty for crylog."""

    class Meta:
        model = User
        fields = ["reminder_name"]
        labels = {"reminder_name": _("Name on your reminders")}
        help_texts = {
            "reminder_name": _("Up to 40 characters, on one line. Leave it empty for “crylog”.")
        }
        error_messages = {
            "reminder_name": {
                "max_length": _(
                    "Up to %(limit_value)d characters, please: this has %(show_value)d. "
                    "Nothing was changed."
                )
            }
        }
        widgets = {"reminder_name": OneLineInput(attrs={"autocomplete": "off"})}
