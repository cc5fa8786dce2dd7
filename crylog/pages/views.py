"""Pages everyone can read, logged in or not: help now, and what happens to your data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crylog.pages.helplines import EMERGENCY_NUMBERS, FIND_A_HELPLINE, HELPLINES


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/help.html",
        {
            "helplines": HELPLINES,
            "emergency_numbers": EMERGENCY_NUMBERS,
            "find_a_helpline": FIND_A_HELPLINE,
        },
    )


@require_GET
def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")
