"""Follow-up pieces for pages that belong to other apps: the home page and a cry's page."""

from typing import Any

from django import template
from django.utils import timezone

from crylog.cries.models import Cry
from crylog.followups.models import FollowUp, PushSubscription
from crylog.lib.durations import time_ago, time_from_now

register = template.Library()

# "2 days", in the form "… ago" and "in …" each need (crylog/lib/durations.py).
register.filter("time_ago", time_ago)
register.filter("time_from_now", time_from_now)


@register.inclusion_tag("followups/due_banner.html", takes_context=True)
def due_followups(context: dict[str, Any]) -> dict[str, Any]:
    """The follow-ups waiting for an answer, with how long ago each cry was."""
    user = context["request"].user
    now = timezone.now()
    followups = FollowUp.objects.for_user(user).due_for_answer(now).select_related("cry")
    return {
        "followups": list(followups),
        "now": now,
        "csrf_token": context.get("csrf_token"),
        "oob": context.get("oob", False),
    }


@register.inclusion_tag("followups/cry_reminder.html", takes_context=True)
def cry_reminder(context: dict[str, Any], cry: Cry, banner_asks: bool = False) -> dict[str, Any]:
    """On a cry's page: when the 90-minute check-in comes (with a calendar download), or that
    a check-in is waiting now (unless ``banner_asks``: the home page's banner asks for it)."""
    now = timezone.now()
    # A cry has at most two follow-ups, in order of due time: reading them once and choosing
    # here costs less than a query for each question.
    followups = list(cry.followups.all())
    upcoming = next(
        (
            followup
            for followup in followups
            if followup.is_after_90
            and followup.state == FollowUp.State.SCHEDULED
            and followup.due_at > now
        ),
        None,
    )
    waiting = next((followup for followup in followups if followup.is_due_for_answer(now)), None)
    return {
        "snoozed": [followup for followup in followups if followup.snoozes],
        "followup": upcoming,
        # No push or e-mail will come for it: the page says so, rather than promise one.
        "quiet": upcoming is not None and cry.user.in_quiet_hours(upcoming.due_at),
        "waiting": waiting if upcoming is None and not banner_asks else None,
        "has_devices": upcoming is not None
        and PushSubscription.objects.filter(user_id=cry.user_id).exists(),
    }
