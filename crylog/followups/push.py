"""Web Push: VAPID-signed, aes128gcm-encrypted messages to a browser's push service.

A subscription's endpoint is read by one strict parser (parse_endpoint) when it is saved and
again before every send; messages go only to the address it read, with redirects off. Each
send is settled on its own: whatever goes wrong while building, signing, encrypting or
posting one message becomes that device's attempt, never an exception for the caller.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from py_vapid import Vapid, Vapid02
from pywebpush import WebPusher
from urllib3.util import parse_url

from crylog.followups import actions, wording
from crylog.followups.models import ERROR_MAX_LENGTH, DeliveryAttempt, FollowUp, PushSubscription
from crylog.followups.vapid import b64url_decode

if TYPE_CHECKING:
    from crylog.accounts.models import User

log = logging.getLogger(__name__)

# A VAPID token lives at most 24 hours (RFC 8292); 12 leaves room for clock skew.
VAPID_TOKEN_SECONDS = 12 * 60 * 60
MIN_TTL_SECONDS = 60
GONE = {404, 410}  # the subscription expired or was revoked: delete it
RETRY_STATUSES = {429}  # and every 5xx
SENT_STATUSES = {200, 201, 202}

# A push service run on this machine (tests, benchmarks) may use plain HTTP and its own port,
# when PUSH_SERVICE_HOSTS names it exactly. Every other push service: HTTPS on port 443.
LOOPBACK = {"127.0.0.1", "localhost"}
MAX_ENDPOINT_LENGTH = 2000

# Browsers give endpoints as plain ASCII URLs. Anything else (userinfo, a backslash,
# whitespace, brackets, a trailing dot, percent-escapes before the path) is where URL
# parsers disagree about the host, so it is refused rather than interpreted.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PATH_CHAR = r"(?:[A-Za-z0-9._~!$&'()*+,;=:/-]|%[0-9A-Fa-f]{2})"
ENDPOINT = re.compile(
    rf"(?P<scheme>[a-z]+)://(?P<host>{_LABEL}(?:\.{_LABEL})*)(?::(?P<port>[1-9][0-9]{{0,4}}))?"
    rf"(?P<rest>/{_PATH_CHAR}*(?:\?(?:{_PATH_CHAR}|\?)*)?)",
    re.ASCII | re.IGNORECASE,
)

_local = threading.local()


class RefusedEndpoint(ValueError):
    """An endpoint crylog never sends to."""


class UnusableKeys(ValueError):
    """A device's keys that no message can be encrypted for."""


@dataclass(frozen=True)
class Endpoint:
    url: str  # normalised: lower-case scheme and host, no default port, %XX upper case
    origin: str  # scheme://host[:port], the VAPID audience
    host: str


def _is_allowed(host: str) -> bool:
    entries = [entry.lower() for entry in settings.PUSH_SERVICE_HOSTS]
    return any(
        host == entry or (entry.startswith(".") and host.endswith(entry)) for entry in entries
    )


def parse_endpoint(url: str) -> Endpoint:
    """Read a subscription endpoint strictly; RefusedEndpoint unless crylog may send to it.

    What is returned is what the HTTP client will connect to: the same host and port for this
    parser, urllib3 (which requests uses) and urllib.parse, or the endpoint is refused.
    """
    match = ENDPOINT.fullmatch(url) if len(url) <= MAX_ENDPOINT_LENGTH else None
    if match is None:
        raise RefusedEndpoint("not a plain web address")
    scheme, host = match["scheme"].lower(), match["host"].lower()
    port = int(match["port"]) if match["port"] else None
    if len(host) > 253 or not _is_allowed(host):
        raise RefusedEndpoint("not a known push service")
    local = host in LOOPBACK and host in {entry.lower() for entry in settings.PUSH_SERVICE_HOSTS}
    if scheme not in ({"https", "http"} if local else {"https"}):
        raise RefusedEndpoint("not HTTPS")
    default_port = 443 if scheme == "https" else 80
    if port == default_port:
        port = None
    if port is not None and (not local or port > 65535):
        raise RefusedEndpoint("not the push service's port")
    origin = f"{scheme}://{host}" + (f":{port}" if port else "")
    # Percent-escapes in upper case (RFC 3986 6.2.2.1), as the HTTP client writes them.
    normalised = origin + re.sub(
        r"%[0-9a-fA-F]{2}", lambda escape: escape[0].upper(), match["rest"]
    )
    client, library = parse_url(normalised), urlsplit(normalised)
    prepared = requests.PreparedRequest()
    prepared.prepare_url(normalised, None)
    if (
        (client.scheme, client.host, client.port, client.auth) != (scheme, host, port, None)
        or (library.scheme, library.hostname, library.port) != (scheme, host, port)
        or library.username is not None
        or prepared.url != normalised
    ):
        raise RefusedEndpoint("read differently by the HTTP client")
    return Endpoint(url=normalised, origin=origin, host=host)


def check_keys(*, p256dh: str, auth: str) -> None:
    """UnusableKeys unless these are a P-256 public key and a 16-byte secret, base64url."""
    try:
        point, secret = b64url_decode(p256dh), b64url_decode(auth)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as error:
        raise UnusableKeys("not a browser's keys") from error
    if len(point) != 65 or len(secret) != 16:
        raise UnusableKeys("not a browser's keys")


def is_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


@cache
def _vapid(private_key: str) -> Vapid02:
    return Vapid.from_string(private_key=private_key)


def _session() -> requests.Session:
    """One HTTP session per thread, so connections to a push service are kept alive."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


def followup_payload(followup: FollowUp) -> dict[str, object]:
    """The reminder, with its actions where the browser shows them (Chrome on Android).

    "In 15 minutes" comes with the signed token that allows just that (actions.py), and only
    while a snooze is still possible.
    """
    payload: dict[str, object] = {
        "title": wording.title(followup.cry.user),
        "body": wording.body(),
        "url": followup.get_absolute_url(),
        "tag": followup.topic,
        "icon": static("img/icon-192.png"),
        "badge": static("img/badge-96.png"),
    }
    if followup.can_snooze(timezone.now()):
        payload["actions"] = [
            {"action": "answer", "title": wording.action_answer()},
            {"action": "snooze", "title": wording.action_snooze()},
        ]
        payload["snooze"] = {
            "url": reverse("followup-snooze-action", args=[followup.pk]),
            "token": actions.snooze_token(followup),
        }
    return payload


def trial_payload(user: User) -> dict[str, str]:
    return {
        "title": wording.test_title(user),
        "body": wording.test_body(),
        "url": "/reminders/",
        "tag": "test",
        "icon": static("img/icon-192.png"),
        "badge": static("img/badge-96.png"),
    }


def followup_ttl(followup: FollowUp) -> int:
    """Keep the message at the push service about an hour, never past the answer window."""
    left = int((followup.expires_at - timezone.now()).total_seconds())
    return max(MIN_TTL_SECONDS, min(settings.PUSH_TTL_SECONDS, left))


# The stages of one send. Each may raise; send() settles whatever they raise.


def sign(endpoint: Endpoint) -> dict[str, str]:
    """The VAPID Authorization header, with fresh claims for this push service."""
    claims: dict[str, str | int] = {
        "sub": settings.VAPID_SUBJECT,
        "aud": endpoint.origin,
        "exp": int(timezone.now().timestamp()) + VAPID_TOKEN_SECONDS,
    }
    return _vapid(settings.VAPID_PRIVATE_KEY).sign(claims)  # type: ignore[no-any-return]


def encrypt(subscription: PushSubscription, data: bytes) -> bytes:
    """The aes128gcm body (RFC 8291) that only this device can read."""
    body: bytes = WebPusher(subscription.subscription_info()).encode(data, "aes128gcm")["body"]
    return body


def post(endpoint: Endpoint, body: bytes, headers: dict[str, str]) -> requests.Response:
    """POST to the push service; an answer that redirects elsewhere is an answer, not followed."""
    return _session().post(
        endpoint.url,
        data=body,
        headers=headers,
        timeout=settings.PUSH_TIMEOUT_SECONDS,
        allow_redirects=False,
    )


def send(
    *, subscription: PushSubscription, payload: Mapping[str, object], topic: str, ttl: int
) -> DeliveryAttempt:
    """Send one message to one device and say what happened, as an unsaved attempt.

    Never raises: a failure is this device's attempt, whatever it was. A device that can never
    be sent to (an endpoint or keys that are refused) is answered "gone", so it is removed.
    """
    attempt = DeliveryAttempt(
        channel=DeliveryAttempt.Channel.PUSH,
        subscription=subscription,
        attempted_at=timezone.now(),
    )
    started = time.monotonic()
    attempt.outcome, attempt.error = _attempt(attempt, subscription, payload, topic, ttl)
    attempt.error = attempt.error[:ERROR_MAX_LENGTH]
    attempt.elapsed_ms = round((time.monotonic() - started) * 1000)
    return attempt


def _attempt(
    attempt: DeliveryAttempt,
    subscription: PushSubscription,
    payload: Mapping[str, object],
    topic: str,
    ttl: int,
) -> tuple[str, str]:
    """The outcome and the error to show of one send; sets the attempt's status code."""
    Outcome = DeliveryAttempt.Outcome
    try:
        endpoint = parse_endpoint(subscription.endpoint)
        check_keys(p256dh=subscription.p256dh, auth=subscription.auth)
    except (RefusedEndpoint, UnusableKeys) as refused:
        return Outcome.GONE, f"this device cannot be sent to ({refused}), so it was removed"
    stage = "prepare the message"
    try:
        data = json.dumps(payload, separators=(",", ":")).encode()
        stage = "sign the message"
        headers = sign(endpoint)
        stage = "encrypt the message"
        body = encrypt(subscription, data)
        headers |= {
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(ttl),
            "Topic": topic,
            "Urgency": "high",
        }
        stage = "send the message"
        response = post(endpoint, body, headers)
    except requests.Timeout:
        return (
            Outcome.RETRY,
            f"no answer from the push service within {settings.PUSH_TIMEOUT_SECONDS} s",
        )
    except requests.ConnectionError as error:
        return Outcome.RETRY, f"could not reach the push service: {type(error).__name__}"
    except Exception as error:  # any failure is this device's, never the batch's
        log.warning("push to device %s: could not %s", subscription.pk, stage, exc_info=True)
        return Outcome.FAILED, f"could not {stage}: {type(error).__name__}"
    # Only the status is kept: what a push service writes in its answer is never shown.
    status = attempt.status_code = response.status_code
    if status in SENT_STATUSES:
        return Outcome.SENT, ""
    if status in GONE:
        return Outcome.GONE, f"push service answered {status}"
    if status >= 500 or status in RETRY_STATUSES:
        return Outcome.RETRY, f"push service answered {status}"
    if 300 <= status < 400:
        return Outcome.FAILED, f"push service answered {status}, a redirect (not followed)"
    return Outcome.FAILED, f"push service answered {status}"
