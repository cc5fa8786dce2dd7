"""Pages everyone can read, logged in or not: help now, and what happens to your data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crylog.pages.countries import country_clue
from crylog.pages.helplines import EMERGENCY_NUMBERS, FIND_A_HELPLINE, HELPLINES, local_help


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    # The country's lines first, where the person's time zone or browser names one; the
    # answer already varies on Accept-Language (LocaleMiddleware), and on the person.
    clue = country_clue(
        time_zone=request.user.timezone if request.user.is_authenticated else "",
        accept_language=request.headers.get("Accept-Language", ""),
    )
    return render(
        request,
        "pages/help.html",
        {
            "here": local_help(clue),
            "helplines": HELPLINES,
            "emergency_numbers": EMERGENCY_NUMBERS,
            "find_a_helpline": FIND_A_HELPLINE,
        },
    )


@require_GET
def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")
