from django import template

from crylog.insights import words

register = template.Library()


@register.filter
def signed(value: float | None) -> str:
    """A change in points as the summaries write it: +8, −15, 0."""
    return words.signed(value)
