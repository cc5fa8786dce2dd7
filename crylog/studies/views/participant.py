"""The participant's pages: joining by invitation, their study, a new consent, withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crylog.accounts.http import AuthedRequest
from crylog.accounts.models import User
from crylog.lib.http import HtmxHttpRequest, with_out_of_band
from crylog.studies import services
from crylog.studies.data import cries_in_window, study_cries, uses_data_of
from crylog.studies.forms import ConsentForm, KeepOutForm, WithdrawForm
from crylog.studies.models import Participant, Study
from crylog.studies.participation import asked_again, participation_of, today_of


@require_http_methods(["GET", "POST"])
def study_join(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The invitation: anyone may read it; a person signed in agrees and joins, once."""
    study = get_object_or_404(Study, invitation_token=token)
    user = request.user if isinstance(request.user, User) else None
    if request.method == "POST" and user is None:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    already = study.participants.filter(user=user).first() if user is not None else None
    error = ""
    if request.method == "POST" and user is not None and already is None:
        form = ConsentForm(request.POST)
        if form.is_valid():
            try:
                services.study_join(
                    study=study,
                    user=user,
                    consent_number=form.cleaned_data["consent_number"],
                    now=timezone.now(),
                )
            except ValidationError as refused:
                error = refused.messages[0]
            else:
                return _joined(request, study)
        else:
            error = gettext(
                "The consent text has changed since you opened it: please read it again."
            )
    elif request.method == "POST" and already is not None and already.withdrawn_at is None:
        # The same form sent again: the answer the first one got.
        return _joined(request, study)
    today = today_of(user) if user is not None else timezone.localdate()
    refusal = None
    if already is None:
        refusal = services.join_refusal(study=study, user=user, today=today)
    context = {
        "study": study,
        "consent": study.consent,
        "already": already,
        "refusal": refusal.messages[0] if refusal is not None else "",
        "error": error,
        "next": request.path,
    }
    return render(request, "studies/join.html", context)


def _joined(request: HtmxHttpRequest, study: Study) -> HttpResponse:
    messages.success(
        request,
        gettext("You have joined “%(title)s”. Thank you for taking part.") % {"title": study.title},
    )
    return redirect("study-mine")


@require_GET
@login_required
def study_mine(request: AuthedRequest) -> HttpResponse:
    """Your study: your code, who runs it, its protocol, and what it receives of yours."""
    participant = participation_of(request.user)
    if participant is None:
        return render(request, "studies/mine.html", {"participant": None})
    return render(request, "studies/mine.html", _mine_context(participant))


def _mine_context(participant: Participant) -> dict[str, object]:
    study = participant.study
    current = study.consent
    deleted = participant.withdrawn_at is not None and not participant.data_kept
    rows = [] if deleted else study_cries(participant)
    used = uses_data_of(participant, current_version=current.number)
    return {
        "participant": participant,
        "study": study,
        "consent": current,
        "asked_again": asked_again(participant),
        "ended": study.has_ended(today_of(participant.user)),
        "deleted": deleted,
        "rows": rows,
        "used": used,
        "received": sum(1 for _cry, study_cry in rows if not study_cry.excluded) if used else 0,
    }


@require_POST
@login_required
def study_cry_keep_out(request: AuthedRequest, cry_pk: int) -> HttpResponse:
    """Keep one cry out of the study, or let it in again; swapped in place with htmx."""
    participant = participation_of(request.user)
    if participant is None or (participant.withdrawn_at is not None and not participant.data_kept):
        raise Http404
    cry = get_object_or_404(cries_in_window(participant), pk=cry_pk)
    form = KeepOutForm(request.POST)
    if not form.is_valid():
        return redirect("study-mine")
    excluded = form.cleaned_data["excluded"]
    study_cry = services.cry_keep_out(participant=participant, cry=cry, excluded=excluded)
    when = formats.date_format(timezone.localtime(cry.ended_at), "SHORT_WEEKDAY_DATETIME_FORMAT")
    if excluded:
        said = gettext("Kept out: the study does not receive your cry of %(when)s.")
    else:
        said = gettext("Let in again: the study receives your cry of %(when)s.")
    said %= {"when": when}
    if request.htmx:
        context = {**_mine_context(participant), "cry": cry, "study_cry": study_cry, "said": said}
        response = render(request, "studies/mine.html#study-cry", context)
        receives = render_to_string("studies/mine.html#receives", {**context, "oob": True}, request)
        return with_out_of_band(request, response, receives)
    messages.success(request, said)
    return redirect(f"{reverse('study-mine')}#study-cry-{cry.pk}")


@require_http_methods(["GET", "POST"])
@login_required
def study_consent(request: AuthedRequest) -> HttpResponse:
    """A new version of the study's consent: agree to it, or leave."""
    participant = participation_of(request.user)
    if participant is None or participant.withdrawn_at is not None:
        return redirect("study-mine")
    study = participant.study
    error = ""
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid() and services.consent_agree(
            participant=participant,
            consent_number=form.cleaned_data["consent_number"],
            now=timezone.now(),
        ):
            messages.success(
                request,
                gettext("Thank you: you have agreed to version %(number)s of the consent.")
                % {"number": form.cleaned_data["consent_number"]},
            )
            return redirect("study-mine")
        error = gettext("The consent text has changed since you opened it: please read it again.")
    elif not asked_again(participant):
        messages.info(request, gettext("You have agreed to the consent as it is now."))
        return redirect("study-mine")
    context = {"participant": participant, "study": study, "consent": study.consent, "error": error}
    return render(request, "studies/consent.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def study_withdraw(request: AuthedRequest) -> HttpResponse:
    """Leave the study, deleting what you gave from it (the default) or letting it keep it."""
    participant = participation_of(request.user)
    if participant is None:
        return redirect("study-mine")
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            # Sent again after leaving: what the first one did, said again.
            left = services.participant_withdraw(
                participant=participant, keep=form.cleaned_data["keep"], now=timezone.now()
            )
            title = {"title": participant.study.title}
            if left.data_kept:
                said = gettext(
                    "You have left “%(title)s”. The study keeps what you gave until now, under "
                    "your code. Your own cries stay in crylog."
                )
            else:
                said = gettext(
                    "You have left “%(title)s”. What you gave is deleted from the study. Your "
                    "own cries stay in crylog."
                )
            messages.success(request, said % title)
            return redirect("study-mine")
    elif participant.withdrawn_at is not None:
        return redirect("study-mine")
    else:
        form = WithdrawForm()
    return render(
        request,
        "studies/withdraw.html",
        {"participant": participant, "study": participant.study, "form": form},
    )
