"""When to offer the help page after a rating is saved.

The offer is gentle and never blocks: it is a line under "Saved" with a link to the help page.
It does not judge or diagnose anything; it only notices a very low mood, or a follow-up still
well below how the person felt before the cry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop

from crylog.cries.models import Moment, MoodRating

if TYPE_CHECKING:
    from crylog.accounts.models import User
    from crylog.cries.models import Cry

VERY_LOW = 10
"""A rating at or below this (of 100) offers the help page, whatever the moment."""

STILL_BELOW_BEFORE = 20
"""A follow-up this many points or more below the before rating offers the help page."""

FOLLOW_UPS = frozenset({Moment.AFTER_20, Moment.AFTER_90})

# Marked here, translated where it is shown (help_offer()).
HELP_OFFER = gettext_noop(
    "Thank you for checking in. If things feel heavy right now, you don't have to carry them alone."
)


def help_offer() -> str:
    return gettext(HELP_OFFER)


def offers_help(*, moment: str, valence: int, others: Mapping[str, int]) -> bool:
    """Whether saving ``valence`` at ``moment`` should offer the help page.

    ``others`` holds the cry's other ratings, moment → valence. A follow-up is compared with
    the before rating; a before rating given after the follow-ups is compared with them.
    """
    if valence <= VERY_LOW:
        return True
    if moment in FOLLOW_UPS and Moment.BEFORE in others:
        return others[Moment.BEFORE] - valence >= STILL_BELOW_BEFORE
    if moment == Moment.BEFORE:
        return any(
            valence - others[follow_up] >= STILL_BELOW_BEFORE
            for follow_up in FOLLOW_UPS
            if follow_up in others
        )
    return False


def should_offer_help(*, user: User, cry: Cry, moment: str, valence: int) -> bool:
    """The rule above for a rating just saved, unless the person turned these messages off."""
    if not user.safety_messages:
        return False
    if valence <= VERY_LOW:
        return True
    if moment not in FOLLOW_UPS and moment != Moment.BEFORE:
        return False  # only a very low value counts here: no need to read the other ratings
    others = dict(
        MoodRating.objects.filter(cry__user=user, cry=cry)
        .exclude(moment=moment)
        .values_list("moment", "valence")
    )
    return offers_help(moment=moment, valence=valence, others=others)


def add_help_offer(request: HttpRequest, offer_help: bool) -> None:
    """After a full-page save, the gentle offer of the help page rides with the messages."""
    if offer_help:
        messages.info(request, help_offer(), extra_tags="help-offer")
