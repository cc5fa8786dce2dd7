"""Web Push: VAPID-signed, aes128gcm-encrypted messages to a browser's push service."""

from __future__ import annotations

import json
import threading
import time
from functools import cache
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from py_vapid import Vapid, Vapid02
from pywebpush import WebPushException, webpush

from crylog.followups import wording
from crylog.followups.models import ERROR_MAX_LENGTH, DeliveryAttempt, FollowUp, PushSubscription

# A VAPID token lives at most 24 hours (RFC 8292); 12 leaves room for clock skew.
VAPID_TOKEN_SECONDS = 12 * 60 * 60
MIN_TTL_SECONDS = 60
GONE = {404, 410}  # the subscription expired or was revoked: delete it
RETRY_STATUSES = {429}  # and every 5xx

_local = threading.local()


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


def followup_payload(followup: FollowUp) -> dict[str, str]:
    return {
        "title": wording.TITLE,
        "body": wording.BODY,
        "url": followup.get_absolute_url(),
        "tag": followup.topic,
        "icon": static("img/icon-192.png"),
        "badge": static("img/badge-96.png"),
    }


def trial_payload() -> dict[str, str]:
    return {
        "title": wording.TEST_TITLE,
        "body": wording.TEST_BODY,
        "url": "/reminders/",
        "tag": "test",
        "icon": static("img/icon-192.png"),
        "badge": static("img/badge-96.png"),
    }


def followup_ttl(followup: FollowUp) -> int:
    """Keep the message at the push service about an hour, never past the answer window."""
    left = int((followup.expires_at - timezone.now()).total_seconds())
    return max(MIN_TTL_SECONDS, min(settings.PUSH_TTL_SECONDS, left))


def send(
    *, subscription: PushSubscription, payload: dict[str, str], topic: str, ttl: int
) -> DeliveryAttempt:
    """Send one message to one device and say what happened, as an unsaved attempt."""
    attempt = DeliveryAttempt(
        channel=DeliveryAttempt.Channel.PUSH,
        subscription=subscription,
        attempted_at=timezone.now(),
    )
    endpoint = urlsplit(subscription.endpoint)
    # pywebpush writes "aud" and "exp" into the dict it is given: a fresh one every call.
    claims: dict[str, str | int] = {
        "sub": settings.VAPID_SUBJECT,
        "aud": f"{endpoint.scheme}://{endpoint.netloc}",
        "exp": int(timezone.now().timestamp()) + VAPID_TOKEN_SECONDS,
    }
    started = time.monotonic()
    try:
        response = webpush(
            subscription_info=subscription.subscription_info(),
            data=json.dumps(payload, separators=(",", ":")),
            vapid_private_key=_vapid(settings.VAPID_PRIVATE_KEY),
            vapid_claims=claims,
            content_encoding="aes128gcm",
            ttl=ttl,
            headers={"Topic": topic, "Urgency": "high"},
            timeout=settings.PUSH_TIMEOUT_SECONDS,
            requests_session=_session(),
        )
    except WebPushException as error:
        if error.response is None:  # refused before sending: nothing a retry would change
            attempt.outcome = DeliveryAttempt.Outcome.FAILED
            attempt.error = f"could not prepare the message: {error}"
        else:
            status = attempt.status_code = error.response.status_code
            reason = error.response.text[:80].strip()
            attempt.error = f"push service answered {status}: {reason}".strip(": ")
            if status in GONE:
                attempt.outcome = DeliveryAttempt.Outcome.GONE
            elif status >= 500 or status in RETRY_STATUSES:
                attempt.outcome = DeliveryAttempt.Outcome.RETRY
            else:
                attempt.outcome = DeliveryAttempt.Outcome.FAILED
    except requests.Timeout:
        attempt.outcome = DeliveryAttempt.Outcome.RETRY
        attempt.error = f"no answer from the push service within {settings.PUSH_TIMEOUT_SECONDS} s"
    except requests.ConnectionError as error:
        attempt.outcome = DeliveryAttempt.Outcome.RETRY
        attempt.error = f"could not reach the push service: {type(error).__name__}"
    except requests.RequestException as error:  # an endpoint requests cannot even try
        attempt.outcome = DeliveryAttempt.Outcome.FAILED
        attempt.error = f"could not send to this endpoint: {type(error).__name__}"
    except ValueError as error:  # the device's keys cannot be used for encryption
        attempt.outcome = DeliveryAttempt.Outcome.FAILED
        attempt.error = f"unusable subscription keys: {error}"
    else:
        attempt.outcome = DeliveryAttempt.Outcome.SENT
        attempt.status_code = response.status_code  # type: ignore[union-attr]
    attempt.error = attempt.error[:ERROR_MAX_LENGTH]
    attempt.elapsed_ms = round((time.monotonic() - started) * 1000)
    return attempt
