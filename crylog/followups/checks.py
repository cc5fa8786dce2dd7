"""System checks (`manage.py check`) for the follow-up settings."""

from email.utils import parseaddr
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


@register(deploy=True)
def check_site_url(**kwargs: Any) -> list[CheckMessage]:
    """Reminder e-mails and calendar events link to SITE_URL: without it every link is dead."""
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [
        Error(
            "SITE_URL is not set: reminder e-mails and calendar events would have no working link.",
            hint="Set SITE_URL to the address people open crylog at, e.g. https://crylog.example.",
            id="followups.E002",
        )
    ]


@register(deploy=True)
def check_sender_address(**kwargs: Any) -> list[CheckMessage]:
    """The default sender's .invalid domain can receive no bounces and fails mail checks."""
    if settings.DEBUG or not parseaddr(settings.DEFAULT_FROM_EMAIL)[1].endswith(".invalid"):
        return []
    return [
        Warning(
            f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}, an address nobody can reach: "
            "mail providers are likely to refuse or bin reminder e-mails from it.",
            hint="Set DEFAULT_FROM_EMAIL to an address at your own domain.",
            id="followups.W003",
        )
    ]
