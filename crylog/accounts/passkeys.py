"""Passkeys: allauth's WebAuthn, made a way in beside the password.

allauth's MFA app treats a WebAuthn key as a second step after the password as well. crylog
asks for no second step: a passkey signs in on its own, the password on its own, and a
password reset by e-mail always gets a person back in, even with the phone that held the
passkey gone. See docs/privacy-and-safety.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm, LoginWebAuthnForm
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 100


class PasskeyAdapter(DefaultMFAAdapter):
    error_messages = {
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
        return super().is_mfa_enabled(user, types=asked)

    def generate_authenticator_name(self, user: AbstractBaseUser, type: str) -> str:
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        return "Passkey" if count == 0 else f"Passkey {count + 1}"

    def _get_site_name(self) -> str:
        return "crylog"


def limit_the_name(form: AddWebAuthnForm | EditWebAuthnForm) -> None:
    form.fields["name"].max_length = NAME_MAX_LENGTH
    form.fields["name"].validators.append(MaxLengthValidator(NAME_MAX_LENGTH))
    form.fields["name"].widget.attrs["maxlength"] = str(NAME_MAX_LENGTH)


class AddPasskeyForm(AddWebAuthnForm):
    """A key added in crylog is always a passkey: it signs in on its own, with a lock check."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("passwordless", None)
        self.fields["name"].label = "Name"
        self.fields["name"].help_text = "To tell your passkeys apart, for example “My phone”."
        limit_the_name(self)

    def clean(self) -> dict:
        # Makes allauth check that the phone or key verified the person (PIN, fingerprint).
        self.cleaned_data["passwordless"] = True
        return super().clean()


class LoginPasskeyForm(LoginWebAuthnForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # What the log-in page says when the button is pressed with JavaScript off.
        self.fields["credential"].error_messages["required"] = (
            "Passkeys need JavaScript, which is off in this browser. Use your password instead."
        )


class RenamePasskeyForm(EditWebAuthnForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        limit_the_name(self)
