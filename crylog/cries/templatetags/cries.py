"""Small words and forms for the cry pages."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from crylog.cries import history
from crylog.cries.forms import EndForm
from crylog.cries.models import Cry
from crylog.lib.durations import time_ago

register = template.Library()


@register.filter
def ago(value: datetime | None, now: datetime | None = None) -> str:
    """ "just now" under a minute (never "0 minutes ago"), else "12 minutes ago": a phrase
    that stands as a whole in a sentence ("Started %(when)s.")."""
    if value is None:
        return ""
    now = now or timezone.now()
    if now - value < timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": time_ago(value, now)}


@register.filter
def end_form(cry: Cry, place: str = "end") -> EndForm:
    """An empty "It's over" form for this planned cry, with ids of its own."""
    return EndForm(cry=cry, place=place)


@register.filter
def about_words(cry: Cry) -> str:
    """What brought a cry on (crylog's triggers, then the person's own) and how it felt, as one
    line for its row in history; read from prefetched own triggers."""
    words = [*cry.trigger_labels(), *(own.name for own in cry.own_triggers.all())]
    return " · ".join([*words, *cry.feeling_labels()])


@register.simple_tag
def note_excerpt(note: str, text: str) -> SafeString:
    """The part of a note where a search found ``text``, marked."""
    return history.note_excerpt(note, text)
