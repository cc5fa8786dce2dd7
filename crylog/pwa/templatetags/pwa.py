"""``{% script_urls user.is_authenticated %}``: the URLs of crylog/pwa/scripts.py as a JSON block
the scripts read. The app shell, the same for everyone, says ``{% script_urls %}``.

``{% catalogue_url %}``: the address of the words of the scripts in the page's language
(crylog/pwa/catalogue.py), loaded as a classic script before the modules."""

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from crylog.pwa.catalogue import catalogue_url as url_of_catalogue
from crylog.pwa.scripts import script_urls as urls

register = template.Library()

ELEMENT_ID = "crylog-urls"  # read by static/crylog/urls.js


@register.simple_tag
def script_urls(signed_in: bool = False) -> SafeString:
    return json_script(urls(signed_in=signed_in), ELEMENT_ID)


@register.simple_tag
def catalogue_url() -> str:
    return url_of_catalogue()
