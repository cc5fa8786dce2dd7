"""A study's export and its codebook, each logged."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crylog.accounts.http import AuthedRequest
from crylog.studies import export
from crylog.studies.access import own_study, researcher_required
from crylog.studies.models import ExportLog

FILES = {
    ExportLog.What.RATINGS: export.study_table,
    ExportLog.What.CODEBOOK: export.study_codebook,
}


def _download(request: AuthedRequest, pk: int, what: ExportLog.What) -> HttpResponse:
    """The file, logged. Written whole before it is sent (a study's few thousand rows), so
    that the log holds the number of rows that went out."""
    study = own_study(request, pk)
    rows = FILES[what](study)
    response = HttpResponse(export.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="study-{study.pk}-{what.value}.csv"'
    ExportLog.objects.create(
        study=study, researcher=request.user, what=what, rows=len(rows) - 1, at=timezone.now()
    )
    return response


@researcher_required
@require_GET
@never_cache
def study_export(request: AuthedRequest, pk: int) -> HttpResponse:
    """One row per rating the study receives (docs/research.md, "The export")."""
    return _download(request, pk, ExportLog.What.RATINGS)


@researcher_required
@require_GET
@never_cache
def study_codebook(request: AuthedRequest, pk: int) -> HttpResponse:
    """One row per column of the export: its type, its values and what it means."""
    return _download(request, pk, ExportLog.What.CODEBOOK)
