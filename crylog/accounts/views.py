import logging
from collections.abc import Iterator

from allauth.account.mixins import NextRedirectMixin
from allauth.account.views import LoginView
from allauth.core import ratelimit
from allauth.mfa.webauthn.views import (
    AddWebAuthnView,
    LoginWebAuthnView,
    ReauthenticateWebAuthnView,
)
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import F
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from crylog.accounts import portability, services
from crylog.accounts.forms import DeleteAccountForm, ImportForm, SettingsForm, TimezoneForm
from crylog.accounts.models import PendingImport, User
from crylog.accounts.passkeys import AddPasskeyForm, ConfirmWithPasskeyForm, LoginPasskeyForm
from crylog.cries.models import Cry
from crylog.followups.models import describe_user_agent
from crylog.lib.http import AuthedRequest

log = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
@login_required
def account_settings(request: AuthedRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("account-settings")
    return render(request, "accounts/settings.html", {"form": form})


@require_POST
@login_required
def account_timezone(request: AuthedRequest) -> HttpResponse:
    """Take the browser's time zone, but only while the person has not chosen one."""
    form = TimezoneForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    if not request.user.timezone:
        request.user.timezone = form.cleaned_data["timezone"]
        request.user.save(update_fields=["timezone"])
        if request.htmx:
            return HttpResponseClientRefresh()
    if request.htmx:
        return HttpResponse(status=204)
    return redirect("account-settings")


# Your data: export, import, delete.

EXPORT_CHUNK = 500  # cries per database round trip while an export streams


def _export_cries(user: User) -> Iterator[Cry]:
    """All of the person's cries, oldest first, a chunk at a time (ratings come per chunk)."""
    return (
        Cry.objects.for_user(user)
        .with_ratings()
        .order_by(F("ended_at").asc(nulls_last=True), "pk")
        .iterator(chunk_size=EXPORT_CHUNK)
    )


def _download(
    chunks: Iterator[str], *, user: User, extension: str, content_type: str
) -> StreamingHttpResponse:
    day = timezone.localdate(timezone.now(), user.zone)
    response = StreamingHttpResponse(portability.batched(chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="crylog-{day.isoformat()}.{extension}"'
    return response


@require_GET
@never_cache
@login_required
def account_export_csv(request: AuthedRequest) -> StreamingHttpResponse:
    user = request.user
    lines = portability.csv_lines(_export_cries(user), timezone=user.zone.key)
    return _download(lines, user=user, extension="csv", content_type="text/csv; charset=utf-8")


@require_GET
@never_cache
@login_required
def account_export_json(request: AuthedRequest) -> StreamingHttpResponse:
    user = request.user
    chunks = portability.json_chunks(
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
            result = portability.read_export(text, now=timezone.now(), zone=request.user.zone)
            if not result.problems:
                pending = services.pending_import_create(
                    user=request.user, file_name=form.file_name, content=text, now=timezone.now()
                )
                return redirect("account-import-preview", pk=pending.pk)
            context = {"form": form, "problems": result.problems}
            return render(request, "accounts/import.html", context)
        return render(request, "accounts/import.html", {"form": form})
    return render(request, "accounts/import.html", {"form": form})


def _read_own_upload(
    request: AuthedRequest, pk: int
) -> tuple[PendingImport, portability.ReadResult] | None:
    """The person's upload, read again; None (with a message) when it has expired."""
    pending = get_object_or_404(PendingImport.objects.for_user(request.user), pk=pk)
    if pending.is_stale(timezone.now()):
        pending.delete()
        messages.info(
            request, "That upload waited more than an hour, so it was removed. Upload it again."
        )
        return None
    return pending, portability.read_export(
        pending.content, now=timezone.now(), zone=request.user.zone
    )


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
        "accounts/import_preview.html",
        {"pending": pending, "report": report, "problems": result.problems},
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
    except IntegrityError:
        # The reader checks every rule the database has; this is for one it missed.
        log.exception("import %s broke a database rule the reader did not check", pending.pk)
        pending.delete()
        messages.error(
            request,
            "This file could not be added: something in it breaks one of crylog's rules. "
            "Nothing was saved.",
        )
        return redirect("account-import")
    if report is not None:
        messages.success(request, _import_summary(report))
    return redirect("cry-list")


def _import_summary(report: services.ImportReport) -> str:
    summary = f"Added {_count(report.cries, 'cry', 'cries')} with {_count(report.ratings, 'rating', 'ratings')}."
    if report.skipped:
        summary += (
            f" Skipped {_count(report.skipped, 'cry', 'cries')} already here"
            " (same end time, or same start for a planned cry)."
        )
    return summary


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


@require_POST
@login_required
def account_import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    get_object_or_404(PendingImport.objects.for_user(request.user), pk=pk).delete()
    messages.info(request, "Import cancelled. Nothing was added, and the uploaded file is gone.")
    return redirect("account-settings")


@require_http_methods(["GET", "POST"])
@login_required
def account_delete(request: AuthedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, "Too many tries. Wait a minute, then try again.")
            return render(request, "accounts/delete.html", {"form": form}, status=429)
        if form.is_valid():
            user = request.user
            logout(request)
            services.account_delete(user=user)
            messages.success(request, "Your account and everything in it are deleted.")
            return redirect("cry-home")
        return render(request, "accounts/delete.html", {"form": form})
    return render(request, "accounts/delete.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def account_sessions(request: AuthedRequest) -> HttpResponse:
    """Where the person is signed in, with a way to sign out of one device or all others."""
    here = request.session.session_key
    if request.method == "POST":
        end = request.POST.get("end", "")
        if end == "others":
            services.sessions_end_others(user=request.user, keep=here)
            messages.success(request, "You are signed out everywhere else.")
        elif end.isdigit():
            signed_in = UserSession.objects.filter(user=request.user, pk=int(end)).first()
            if signed_in is not None and signed_in.session_key != here:
                services.session_end(user=request.user, key=signed_in.session_key)
                messages.success(
                    request, f"{describe_user_agent(signed_in.user_agent)} is signed out."
                )
        return redirect("account-sessions")
    if here and not UserSession.objects.filter(session_key=here).exists():
        UserSession.objects.create_from_request(request)  # signed in before the list existed
    sessions = sorted(
        UserSession.objects.purge_and_list(request.user),
        key=lambda s: (s.session_key != here, -s.created_at.timestamp()),
    )
    places = [
        {
            "pk": session.pk,
            "device": describe_user_agent(session.user_agent),
            "ip": session.ip,
            "since": session.created_at,
            "here": session.session_key == here,
        }
        for session in sessions
    ]
    return render(request, "accounts/sessions.html", {"places": places})


# Passkeys: allauth's views, with one change. A passkey answer the form refuses (malformed, from
# a passkey crylog does not know, or missing because JavaScript is off) is a client error: it
# is answered 400 with the page it came from again, showing the form's error, so the person
# can try again or use the password; allauth redirects (log in, confirm) or answers 200 (add).


class LogInWithPasskeyView(NextRedirectMixin, LoginWebAuthnView):
    """The log-in page's passkey form. A refused answer gets the log-in page again: the error as
    allauth shows it (a message), the password form empty and the page's ``next`` kept."""

    template_name = "account/login.html"

    def form_invalid(self, form: LoginPasskeyForm) -> HttpResponse:
        super().form_invalid(form)  # adds the form's error as a message; its redirect is not sent
        password_form = LoginView().get_form_class()  # the form allauth's log-in page shows
        context = self.get_context_data(form=password_form(request=self.request))
        return self.render_to_response(context, status=400)


class ConfirmWithPasskeyView(ReauthenticateWebAuthnView):
    """ "Confirm it's you" with a passkey. A refused answer gets this page again, with the
    error as a message and a new challenge, where allauth sends a signed-in person to the
    log-in page, which sends them home."""

    def form_invalid(self, form: ConfirmWithPasskeyForm) -> HttpResponse:
        super().form_invalid(form)  # adds the form's error as a message; its redirect is not sent
        context = self.get_context_data()
        context["form"] = self.get_form_class()(user=self.request.user)  # nothing sent back
        return self.render_to_response(context, status=400)


class AddPasskeyView(AddWebAuthnView):
    """Adding a passkey: a refused form (the answer or the name) shows again, as in allauth,
    with status 400."""

    def form_invalid(self, form: AddPasskeyForm) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


passkey_log_in = LogInWithPasskeyView.as_view()
passkey_confirm = ConfirmWithPasskeyView.as_view()
passkey_add = AddPasskeyView.as_view()
