"""Follow-up pieces for pages that belong to other apps: the home page and a cry's page."""

from typing import Any

from django import template
from django.utils import timezone

from crylog.cries.models import Cry, Moment
from crylog.followups.models import FollowUp

register = template.Library()


@register.inclusion_tag("followups/due_banner.html", takes_context=True)
def due_followups(context: dict[str, Any]) -> dict[str, Any]:
    """The follow-ups waiting for an answer, with how long ago each cry was."""
    user = context["request"].user
    now = timezone.now()
    followups = FollowUp.objects.for_user(user).due_for_answer(now).select_related("cry")
    return {"followups": list(followups), "now": now, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("followups/cry_reminder.html", takes_context=True)
def cry_reminder(context: dict[str, Any], cry: Cry) -> dict[str, Any]:
    """On a cry's page: when the 90-minute check-in comes (with a calendar download), or that
    a check-in is waiting now."""
    now = timezone.now()
    followups = FollowUp.objects.filter(cry=cry)
    upcoming = followups.filter(
        moment=Moment.AFTER_90, state=FollowUp.State.SCHEDULED, due_at__gt=now
    ).first()
    return {
        "followup": upcoming,
        "waiting": followups.due_for_answer(now).first() if upcoming is None else None,
        "has_devices": upcoming is not None and cry.user.push_subscriptions.exists(),
    }
