"""A study's export and its codebook, each logged."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def study_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def study_codebook(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
