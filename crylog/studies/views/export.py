"""A study's export and its codebook, each logged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crylog.accounts.http import AuthedRequest
from crylog.studies import export
from crylog.studies.models import RUN_STUDIES, ExportLog, Study


def _own_study(request: AuthedRequest, pk: int) -> Study:
    """The researcher's own study; a 404 for anyone else, researcher or not."""
    if not request.user.has_perm(RUN_STUDIES):
        raise Http404
    return get_object_or_404(Study.objects.for_researcher(request.user), pk=pk)


FILES = {
    ExportLog.What.RATINGS: export.study_table,
    ExportLog.What.CODEBOOK: export.study_codebook,
}


def _download(request: AuthedRequest, pk: int, what: ExportLog.What) -> HttpResponse:
    """The file, logged. Written whole before it is sent (a study's few thousand rows), so
    that the log holds the number of rows that went out."""
    study = _own_study(request, pk)
    rows = FILES[what](study)
    response = HttpResponse(export.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="study-{study.pk}-{what.value}.csv"'
    ExportLog.objects.create(
        study=study, researcher=request.user, what=what, rows=len(rows) - 1, at=timezone.now()
    )
    return response


@require_GET
@never_cache
@login_required
def study_export(request: AuthedRequest, pk: int) -> HttpResponse:
    """One row per rating the study receives (docs/research.md, "The export")."""
    return _download(request, pk, ExportLog.What.RATINGS)


@require_GET
@never_cache
@login_required
def study_codebook(request: AuthedRequest, pk: int) -> HttpResponse:
    """One row per column of the export: its type, its values and what it means."""
    return _download(request, pk, ExportLog.What.CODEBOOK)
