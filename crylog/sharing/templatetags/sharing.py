"""The person's share links for the settings page, which belongs to accounts: accounts imports
no feature, so its template asks this tag instead of its view."""

from typing import Any

from django import template
from django.utils import timezone

from crylog.sharing.models import ShareLink

register = template.Library()


@register.simple_tag(takes_context=True)
def share_links(context: dict[str, Any]) -> list[ShareLink]:
    """The live links of the person signed in, newest first."""
    request = context["request"]
    return list(ShareLink.objects.for_user(request.user).live(timezone.now()))
