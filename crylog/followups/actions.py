"""Acting on a reminder from the notification itself: the signed token for "In 15 minutes".

A tap on a notification's action reaches the service worker, not a page: there is no session
cookie to rely on (the worker posts without one) and no CSRF token. So each reminder carries
a token, signed with the site's secret under a salt of its own, that names one follow-up,
its person, the one action and how many times it was already put off, and that expires
when the follow-up's window closes. It allows that one snooze and nothing else: once used,
the follow-up's count has moved on and the same token no longer matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing

from crylog.followups.models import FollowUp

SALT = "crylog.followups.actions.snooze"
SNOOZE = "snooze"


class InvalidToken(Exception):
    """A token that allows nothing: forged, expired, or for another follow-up or action."""


@dataclass(frozen=True)
class SnoozeGrant:
    followup_id: int
    user_id: int
    snoozes: int  # the follow-up's count when the token was made


def snooze_token(followup: FollowUp) -> str:
    """The token that lets this reminder's "In 15 minutes" put this follow-up off once."""
    signed = signing.dumps(
        {
            "f": followup.pk,
            "u": followup.cry.user_id,
            "a": SNOOZE,
            "n": followup.snoozes,
            "e": int(followup.expires_at.timestamp()),
        },
        salt=SALT,
        compress=False,
    )
    # In hex: base64 can spell any word by chance, and a reminder never spells any.
    return signed.encode().hex()


def read_snooze_token(token: str, *, followup_id: int, now: datetime) -> SnoozeGrant:
    """What a token allows for this follow-up, now; InvalidToken if it allows nothing."""
    try:
        claims = signing.loads(bytes.fromhex(token).decode(), salt=SALT)
    except (ValueError, signing.BadSignature) as error:
        raise InvalidToken("not a token of ours") from error
    if not isinstance(claims, dict) or claims.get("a") != SNOOZE:
        raise InvalidToken("not a snooze token")
    if claims.get("f") != followup_id:
        raise InvalidToken("for another follow-up")
    expires = claims.get("e")
    if not isinstance(expires, int) or now.timestamp() >= expires:
        raise InvalidToken("expired")
    user_id, snoozes = claims.get("u"), claims.get("n")
    if not isinstance(user_id, int) or not isinstance(snoozes, int):
        raise InvalidToken("incomplete")
    return SnoozeGrant(followup_id=followup_id, user_id=user_id, snoozes=snoozes)
