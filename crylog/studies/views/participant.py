"""The participant's pages: joining by invitation, their study, a new consent, withdrawing."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def study_join(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_mine(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_cry_keep_out(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_consent(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_withdraw(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
