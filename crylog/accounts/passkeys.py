"""Passkeys: allauth's WebAuthn, made a way in beside the password.

allauth's MFA app treats a WebAuthn key as a second step after the password as well. crylog
asks for no second step: a passkey signs in on its own, the password on its own, and a
password reset by e-mail always gets a person back in, even with the phone that held the
passkey gone. See docs/privacy-and-safety.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    AuthenticateWebAuthnForm,
    EditWebAuthnForm,
    LoginWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from fido2.webauthn import AuthenticationResponse, RegistrationResponse

from crylog.lib import jsontext

NAME_MAX_LENGTH = 100


class PasskeyAdapter(DefaultMFAAdapter):
    error_messages: ClassVar[dict[str, Any]] = {
        **DefaultMFAAdapter.error_messages,
        "unverified_email": _(
            "Confirm your e-mail address first (Settings → E-mail address): it is how you "
            "get back in if you lose the phone or key that holds your passkey."
        ),
        "incorrect_code": _(
            "That passkey didn't work: it may have been removed. Use your password or another passkey."
        ),
    }

    def is_mfa_enabled(self, user: AbstractBaseUser, types: Iterable[str] | None = None) -> bool:
        """Whether a second step follows the password: never for a passkey.

        allauth asks with every type at once (or none) when it means "is there a second
        step?", and with one type when it means "has this person such a key?" (to offer it
        for confirming who they are); only the first question leaves passkeys out.
        """
        asked = list(types) if types is not None else list(Authenticator.Type)
        if len(asked) > 1:
            asked = [t for t in asked if t != Authenticator.Type.WEBAUTHN]
            if not asked:
                return False
        enabled: bool = super().is_mfa_enabled(user, types=asked)
        return enabled

    def generate_authenticator_name(self, user: AbstractBaseUser, type: str) -> str:
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        # Stored as the passkey's name, in the language of the page it was added on.
        if count == 0:
            return gettext("Passkey")
        return gettext("Passkey %(number)s") % {"number": count + 1}

    def _get_site_name(self) -> str:
        return "crylog"


class _JSONFromOutside(json.JSONDecoder):
    """Reads a form's JSON with ``jsontext``: deep nesting and over-long numbers are a
    ``JSONDecodeError`` (the field's "invalid" error) rather than a server error."""

    def decode(self, s: str, *args: Any) -> Any:
        return jsontext.loads(s)


def read_answers_from_outside(form: forms.Form) -> None:
    """The passkey's answer (the "credential" field) is read as JSON anyone may have written,
    and one that is not JSON at all gets the same words as one that does not verify."""
    field = form.fields["credential"]
    assert isinstance(field, forms.JSONField)
    field.decoder = _JSONFromOutside
    field.error_messages["invalid"] = get_adapter().error_messages["incorrect_code"]


def check_the_shape(parse: Callable[[Any], object], credential: object) -> None:
    """Parse the answer as allauth's verification will, first: allauth turns only some of the
    errors fido2 raises on a malformed answer into the form's error (a missing key, a
    KeyError, answered 500), so any answer fido2 cannot read is refused here."""
    try:
        parse(credential)
    except (KeyError, TypeError, ValueError):
        raise get_adapter().validation_error("incorrect_code") from None


def limit_the_name(form: AddWebAuthnForm | EditWebAuthnForm) -> None:
    form.fields["name"].max_length = NAME_MAX_LENGTH
    form.fields["name"].validators.append(MaxLengthValidator(NAME_MAX_LENGTH))
    form.fields["name"].widget.attrs["maxlength"] = str(NAME_MAX_LENGTH)


class AddPasskeyForm(AddWebAuthnForm):
    """A key added in crylog is always a passkey: it signs in on its own, with a lock check."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("passwordless", None)
        self.fields["name"].label = _("Name")
        self.fields["name"].help_text = _("To tell your passkeys apart, for example “My phone”.")
        limit_the_name(self)
        read_answers_from_outside(self)

    def clean(self) -> dict[str, Any]:
        if credential := self.cleaned_data.get("credential"):
            check_the_shape(RegistrationResponse.from_dict, credential)
        # Makes allauth check that the phone or key verified the person (PIN, fingerprint).
        self.cleaned_data["passwordless"] = True
        cleaned: dict[str, Any] = super().clean()
        return cleaned


class _ChecksTheAnswer(AuthenticateWebAuthnForm):
    """A form that signs in with a passkey, or confirms who it is with one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        read_answers_from_outside(self)

    def clean_credential(self) -> Authenticator:
        check_the_shape(AuthenticationResponse.from_dict, self.cleaned_data["credential"])
        return super().clean_credential()


class LoginPasskeyForm(_ChecksTheAnswer, LoginWebAuthnForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the log-in page says when the button is pressed with JavaScript off.
        self.fields["credential"].error_messages["required"] = _(
            "Passkeys need JavaScript, which is off in this browser. Use your password instead."
        )


class ConfirmWithPasskeyForm(_ChecksTheAnswer, ReauthenticateWebAuthnForm):
    """ "Confirm it's you" with a passkey, before a change to passkeys."""


class RenamePasskeyForm(EditWebAuthnForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_the_name(self)
