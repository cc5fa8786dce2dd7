"""Small words and forms for the cry pages."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from crylog.cries.forms import EndForm
from crylog.cries.models import Cry

register = template.Library()


@register.filter
def ago(value: datetime | None, now: datetime | None = None) -> str:
    """ "just now" under a minute (never "0 minutes ago"), else "12 minutes ago"."""
    if value is None:
        return ""
    now = now or timezone.now()
    if now - value < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, now)} ago"


@register.filter
def end_form(cry: Cry, place: str = "end") -> EndForm:
    """An empty "It's over" form for this planned cry, with ids of its own."""
    return EndForm(cry=cry, place=place)
