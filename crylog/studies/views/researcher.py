"""The researcher's pages: their studies, a study's page, its form and its invitation."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def study_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_invitation(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
