"""Study pieces for pages that belong to other apps: the home page's request to read a new
consent version, and the study card and the timing note of the settings page (accounts
imports no feature, so its template asks these tags instead of its view)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import template
from django.utils import timezone

from crylog.followups.models import ProtocolTiming
from crylog.studies.models import Participant
from crylog.studies.participation import asked_again, participation_of

register = template.Library()


@register.inclusion_tag("studies/consent_banner.html", takes_context=True)
def consent_banner(context: dict[str, Any]) -> dict[str, Any]:
    """On the home page: a study the person is in has a new consent version to read."""
    participant = participation_of(context["request"].user)
    return {"participant": participant if asked_again(participant) else None}


@register.simple_tag(takes_context=True)
def my_study(context: dict[str, Any]) -> Participant | None:
    """The study the person is in now, or the last one they were in."""
    return participation_of(context["request"].user)


@register.simple_tag(takes_context=True)
def study_timing(context: dict[str, Any]) -> ProtocolTiming | None:
    """The follow-up timing a study sets for the person, in force now or from a later day."""
    user = context["request"].user
    return ProtocolTiming.objects.filter(user_id=user.pk, ends_at__gt=timezone.now()).first()


@register.filter
def last_day(ends_at: datetime) -> date:
    """The last day of a timing that ends at the midnight after it, in the person's zone."""
    return timezone.localdate(ends_at - timedelta(microseconds=1))
