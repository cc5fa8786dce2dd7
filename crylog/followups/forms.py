from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings

from crylog.accounts.models import User
from crylog.cries.forms import NULL_BOOLEAN_CHOICES, valence_field
from crylog.cries.models import RELIEF_LABELS, Resolved
from crylog.followups.models import FollowUp
from crylog.followups.vapid import b64url_decode

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
AFTER_90_ONLY = ["relief", "resolved", "new_understanding"]


class AnswerForm(forms.Form):
    """A follow-up check-in: one slider; at 90 minutes a few optional questions too."""

    valence = valence_field("How do you feel now?")
    relief = forms.TypedChoiceField(
        label="Did crying help?",
        choices=[("", "not said"), *RELIEF_LABELS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    resolved = forms.ChoiceField(
        label="Is what made you cry resolved?",
        choices=[("", "not said"), *Resolved.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    new_understanding = forms.NullBooleanField(
        label="Did you understand something new?",
        required=False,
        widget=forms.RadioSelect(choices=NULL_BOOLEAN_CHOICES),
    )

    def __init__(self, *args: Any, followup: FollowUp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not followup.is_after_90:
            for name in AFTER_90_ONLY:
                del self.fields[name]


def is_push_service(url: str) -> bool:
    """Whether a subscription endpoint belongs to a push service we send to (PUSH_SERVICE_HOSTS)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    allowed = any(
        host == entry or (entry.startswith(".") and host.endswith(entry))
        for entry in settings.PUSH_SERVICE_HOSTS
    )
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK)
    return allowed and secure


class SubscriptionForm(forms.Form):
    """A browser's PushSubscription.toJSON(), flattened: endpoint, keys.p256dh, keys.auth."""

    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
    p256dh = forms.CharField(max_length=120)
    auth = forms.CharField(max_length=48)

    def clean_endpoint(self) -> str:
        endpoint: str = self.cleaned_data["endpoint"]
        if not is_push_service(endpoint):
            raise forms.ValidationError("That is not the address of a known push service.")
        return endpoint

    def clean_p256dh(self) -> str:
        return _clean_key(self.cleaned_data["p256dh"], length=65, first=b"\x04")

    def clean_auth(self) -> str:
        return _clean_key(self.cleaned_data["auth"], length=16)


def _clean_key(value: str, *, length: int, first: bytes = b"") -> str:
    try:
        raw = b64url_decode(value)
    except ValueError:
        raw = b""
    if len(raw) != length or not raw.startswith(first):
        raise forms.ValidationError("This key is not one a browser makes.")
    return value


class EmailReminderForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["followup_email"]
        labels = {"followup_email": "Also remind me by e-mail"}
