from django import template

from crylog.insights import words
from crylog.insights.stats import WhenItHelped

register = template.Library()


@register.filter
def signed(value: float | None) -> str:
    """A change in points as the summaries write it: +8, −15, 0."""
    return words.signed(value)


@register.filter
def interval_words(result: WhenItHelped) -> str:
    """What the intervals of "what went with a bigger change" are, for the table caption."""
    return words.interval_words(result)
