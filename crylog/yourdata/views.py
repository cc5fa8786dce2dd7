"""Your data: export it, import a file back (upload, preview, add), delete the account."""

import logging
from collections.abc import Iterator

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import F
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crylog.accounts.http import AuthedRequest
from crylog.accounts.models import User
from crylog.cries.models import Cry
from crylog.yourdata import reading, services, writing
from crylog.yourdata.forms import DeleteAccountForm, ImportForm
from crylog.yourdata.models import PendingImport

log = logging.getLogger(__name__)

EXPORT_CHUNK = 500  # cries per database round trip while an export streams


def _export_cries(user: User) -> Iterator[Cry]:
    """All of the person's cries, oldest first, a chunk at a time (ratings come per chunk)."""
    return (
        Cry.objects.for_user(user)
        .with_ratings()
        .prefetch_related("own_triggers")
        .order_by(F("ended_at").asc(nulls_last=True), "pk")
        .iterator(chunk_size=EXPORT_CHUNK)
    )


def _download(
    chunks: Iterator[str], *, user: User, extension: str, content_type: str
) -> StreamingHttpResponse:
    day = timezone.localdate(timezone.now(), user.zone)
    response = StreamingHttpResponse(writing.batched(chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="crylog-{day.isoformat()}.{extension}"'
    return response


@require_GET
@never_cache
@login_required
def account_export_csv(request: AuthedRequest) -> StreamingHttpResponse:
    user = request.user
    lines = writing.csv_lines(_export_cries(user), timezone=user.zone.key)
    return _download(lines, user=user, extension="csv", content_type="text/csv; charset=utf-8")


@require_GET
@never_cache
@login_required
def account_export_json(request: AuthedRequest) -> StreamingHttpResponse:
    user = request.user
    chunks = writing.json_chunks(
        _export_cries(user), timezone=user.zone.key, exported_at=timezone.now()
    )
    return _download(chunks, user=user, extension="json", content_type="application/json")


@require_http_methods(["GET", "POST"])
@login_required
def account_import(request: AuthedRequest) -> HttpResponse:
    """Step 1 of 2: upload a file. It is read at once; nothing is saved until step 2."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            text = form.cleaned_data["file"]
            result = reading.read_export(text, now=timezone.now(), zone=request.user.zone)
            if not result.problems:
                result.problems = services.import_problems(user=request.user, records=result.cries)
            if not result.problems:
                pending = services.pending_import_create(
                    user=request.user, file_name=form.file_name, content=text, now=timezone.now()
                )
                return redirect("account-import-preview", pk=pending.pk)
            context = {"form": form, "problems": result.problems}
            return render(request, "yourdata/import.html", context)
        return render(request, "yourdata/import.html", {"form": form})
    return render(request, "yourdata/import.html", {"form": form})


def _read_own_upload(
    request: AuthedRequest, pk: int
) -> tuple[PendingImport, reading.ReadResult] | None:
    """The person's upload, read again; None (with a message) when it has expired."""
    pending = get_object_or_404(PendingImport.objects.for_user(request.user), pk=pk)
    if pending.is_stale(timezone.now()):
        pending.delete()
        messages.info(
            request,
            gettext("That upload waited more than an hour, so it was removed. Upload it again."),
        )
        return None
    result = reading.read_export(pending.content, now=timezone.now(), zone=request.user.zone)
    if not result.problems:
        result.problems = services.import_problems(user=request.user, records=result.cries)
    return pending, result


@require_GET
@login_required
def account_import_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    """Step 2 of 2: what the file would add, with Add and Cancel."""
    upload = _read_own_upload(request, pk)
    if upload is None:
        return redirect("account-import")
    pending, result = upload
    report = services.import_preview(user=request.user, records=result.cries)
    return render(
        request,
        "yourdata/import_preview.html",
        {
            "pending": pending,
            "report": report,
            "ratings": _ratings(report.ratings),
            "problems": result.problems,
        },
    )


@require_POST
@login_required
def account_import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    upload = _read_own_upload(request, pk)
    if upload is None:
        return redirect("account-import")
    pending, result = upload
    if result.problems:
        return redirect("account-import-preview", pk=pending.pk)
    try:
        report = services.pending_import_confirm(pending=pending, records=result.cries)
    except services.TooManyOwnTriggers:
        # Own triggers were added since the preview; it says what to do now.
        return redirect("account-import-preview", pk=pending.pk)
    except IntegrityError:
        # The reader checks every rule the database has; this is for one it missed.
        log.exception("import %s broke a database rule the reader did not check", pending.pk)
        pending.delete()
        messages.error(
            request,
            gettext(
                "This file could not be added: something in it breaks one of crylog's rules. "
                "Nothing was saved."
            ),
        )
        return redirect("account-import")
    if report is not None:
        messages.success(request, _import_summary(report))
    return redirect("cry-list")


def _import_summary(report: services.ImportReport) -> str:
    summary = ngettext(
        "Added %(count)s cry with %(ratings)s.",
        "Added %(count)s cries with %(ratings)s.",
        report.cries,
    ) % {"count": _number(report.cries), "ratings": _ratings(report.ratings)}
    if report.skipped:
        skipped = ngettext(
            "Skipped %(count)s cry already here (same end time, or same start for a planned cry).",
            "Skipped %(count)s cries already here (same end time, or same start for a planned "
            "cry).",
            report.skipped,
        ) % {"count": _number(report.skipped)}
        summary = f"{summary} {skipped}"
    return summary


def _ratings(count: int) -> str:
    """ "1 rating", "6 ratings": a phrase that stands whole in a sentence about cries."""
    return ngettext("%(count)s rating", "%(count)s ratings", count) % {"count": _number(count)}


def _number(count: int) -> str:
    return number_format(count, force_grouping=True)


@require_POST
@login_required
def account_import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    get_object_or_404(PendingImport.objects.for_user(request.user), pk=pk).delete()
    messages.info(
        request, gettext("Import cancelled. Nothing was added, and the uploaded file is gone.")
    )
    return redirect("account-settings")


@require_http_methods(["GET", "POST"])
@login_required
def account_delete(request: AuthedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, gettext("Too many tries. Wait a minute, then try again."))
            return render(request, "yourdata/delete.html", {"form": form}, status=429)
        if form.is_valid():
            user = request.user
            logout(request)
            services.account_delete(user=user)
            messages.success(request, gettext("Your account and everything in it are deleted."))
            return redirect("cry-home")
        return render(request, "yourdata/delete.html", {"form": form})
    return render(request, "yourdata/delete.html", {"form": form})
