"""System checks (`manage.py check`) for the follow-up settings."""

from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.http.request import validate_host
from django.utils.http import is_same_domain

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
def check_production_reaches_phones(**kwargs: Any) -> list[CheckMessage]:
    """`check --deploy`: the settings without which reminders fail silently in production.

    Reminders link to SITE_URL, phones accept service workers and push only over HTTPS, and
    a form posted from SITE_URL must pass the host and CSRF checks. Each is an Error, so
    `check --deploy` exits non-zero, and each message says what to set.
    """
    if settings.DEBUG:
        return []
    problems: list[CheckMessage] = []
    site = urlsplit(settings.SITE_URL)
    if not settings.SITE_URL:
        problems.append(
            Error(
                "SITE_URL is not set: reminders and calendar events cannot link to the site.",
                hint="Set SITE_URL to the https:// address people open, e.g. https://crylog.example.",
                id="followups.E101",
            )
        )
    elif site.scheme != "https" or not site.hostname:
        problems.append(
            Error(
                f"SITE_URL is {settings.SITE_URL!r}, not an https:// address: phones allow "
                "service workers and Web Push only over HTTPS.",
                hint="Set SITE_URL to the https:// address people open, e.g. https://crylog.example.",
                id="followups.E102",
            )
        )
    if not (settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY):
        problems.append(
            Error(
                "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set: no reminder reaches a phone.",
                hint="Make a pair with `manage.py vapid_keys` and set both in the environment file.",
                id="followups.E103",
            )
        )
    subject = settings.VAPID_SUBJECT
    if not subject.startswith(("mailto:", "https://")) or "localhost" in subject:
        problems.append(
            Error(
                f"VAPID_SUBJECT is {subject!r}: push services (Apple's first) refuse a missing "
                "or localhost contact.",
                hint="Set VAPID_SUBJECT to a mailto: address you read, e.g. mailto:you@example.com.",
                id="followups.E104",
            )
        )
    if site.scheme == "https" and site.hostname:
        host = site.hostname + (f":{site.port}" if site.port else "")
        if not validate_host(site.hostname, settings.ALLOWED_HOSTS):
            problems.append(
                Error(
                    f"ALLOWED_HOSTS does not cover {site.hostname!r}, SITE_URL's host: every "
                    "request to the site would be refused (400).",
                    hint=f"Add {site.hostname} to ALLOWED_HOSTS.",
                    id="followups.E105",
                )
            )
        origin = f"https://{host}"
        if not any(_origin_matches(origin, trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS):
            problems.append(
                Error(
                    f"CSRF_TRUSTED_ORIGINS does not include {origin}, SITE_URL's origin: forms "
                    "posted through a proxy could be refused (403).",
                    hint=f"Add {origin} to CSRF_TRUSTED_ORIGINS.",
                    id="followups.E106",
                )
            )
    return problems


def _origin_matches(origin: str, trusted: str) -> bool:
    """Django's CSRF rule for one CSRF_TRUSTED_ORIGINS entry: exact, or https://*.domain."""
    if "*" not in trusted:
        return origin == trusted.rstrip("/")
    wanted, given = urlsplit(trusted), urlsplit(origin)
    return wanted.scheme == given.scheme and is_same_domain(given.netloc, wanted.netloc.lstrip("*"))


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
