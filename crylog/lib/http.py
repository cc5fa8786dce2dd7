from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def with_out_of_band(request: HttpRequest, response: HttpResponse, *parts: str) -> HttpResponse:
    """An htmx answer that also swaps the message area (the messages waiting now, often none:
    an old "Noted…" goes) and the other parts given, each marked ``data-hx-swap-oob``."""
    messages = render_to_string("base.html#messages", {"oob": True}, request)
    response.content = response.content + (messages + "".join(parts)).encode()
    return response
