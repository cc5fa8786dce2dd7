from django import template

from crylog.insights import words
from crylog.insights.stats import WhenItHelped
from crylog.lib import formats

register = template.Library()


@register.filter
def signed(value: float | None) -> str:
    """A change in points as the summaries write it: +8, −15, 0."""
    return words.signed(value)


@register.filter
def interval_words(result: WhenItHelped) -> str:
    """What the intervals of "what went with a bigger change" are, for the table caption."""
    return words.interval_words(result)


@register.filter
def count(value: int) -> str:
    """A count as the page's language writes it, thousands grouped: 1,234 or 1.234."""
    return words.whole_number(value)


@register.filter
def percent(value: int) -> str:
    """A number in percent as the page's language writes it: 30% or 30 %."""
    return formats.percent(value)
