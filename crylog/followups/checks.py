"""System checks (`manage.py check`) for the follow-up settings."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from crylog.followups.models import MAX_DEVICES
from crylog.followups.vapid import public_key_for


@register()
def check_push_settings(**kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    public, private = settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY
    if not (public and private):
        if not settings.DEBUG:
            problems.append(
                Warning(
                    "Web Push is off: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set.",
                    hint="Make a pair with `manage.py vapid_keys`; reminders go by e-mail only.",
                    id="followups.W001",
                )
            )
        return problems
    try:
        matches = public_key_for(private) == public
    except ValueError:
        matches = False
    if not matches:
        problems.append(
            Error(
                "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not one key pair.",
                hint="Both are base64url: the public key's 65-byte point, the private key's 32 bytes.",
                id="followups.E001",
            )
        )
    # A send may start until half the lease has passed; it must end within the other half.
    longest_delivery = (MAX_DEVICES + 1) * settings.PUSH_TIMEOUT_SECONDS
    if longest_delivery >= settings.FOLLOWUP_CLAIM_LEASE_SECONDS / 2:
        problems.append(
            Warning(
                "FOLLOWUP_CLAIM_LEASE_SECONDS is not twice as long as the slowest possible "
                f"delivery ({longest_delivery} s): a slow delivery could be taken over and "
                "sent twice.",
                id="followups.W002",
            )
        )
    return problems
