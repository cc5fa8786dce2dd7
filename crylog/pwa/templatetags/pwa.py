"""``{% script_urls user.is_authenticated %}``: the URLs of crylog/pwa/scripts.py as a JSON block
the scripts read. The app shell, the same for everyone, says ``{% script_urls %}``."""

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from crylog.pwa.scripts import script_urls as urls

register = template.Library()

ELEMENT_ID = "crylog-urls"  # read by static/crylog/urls.js


@register.simple_tag
def script_urls(signed_in: bool = False) -> SafeString:
    return json_script(urls(signed_in=signed_in), ELEMENT_ID)
