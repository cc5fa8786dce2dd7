"""The researcher's pages: their studies, a study's page, its form and its invitation.

Only someone the operator let run studies (``studies.run_studies``) reaches them; anyone else
gets a 404, never a 403 that would say the page exists, and so does another researcher's
study: every query starts from ``Study.objects.for_researcher(request.user)``.
"""

from __future__ import annotations

import copy
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crylog.accounts.http import AuthedRequest
from crylog.accounts.models import User
from crylog.lib.headers import keep_to_yourself
from crylog.studies import group, services
from crylog.studies.access import own_study, researcher_required
from crylog.studies.adherence import study_adherence, totals
from crylog.studies.models import ExportLog, Study
from crylog.studies.study_forms import StudyForm

# The ids of the study forms this session sent, with the study each made, so that the same
# form sent again is that study (study_create). The newest few are enough.
FORMS_KEY = "study_forms"
FORMS_KEPT = 20


@researcher_required
@require_GET
def study_list(request: AuthedRequest) -> HttpResponse:
    studies = Study.objects.for_researcher(request.user).annotate(
        enrolled=Count("participants", filter=Q(participants__withdrawn_at__isnull=True))
    )
    today = timezone.localdate(timezone.now(), request.user.zone)
    return render(request, "studies/study_list.html", {"studies": studies, "today": today})


def _forms_sent(request: AuthedRequest) -> dict[str, int]:
    """The study forms this session sent, as the database holds the session now: a copy sent
    at the same moment saved it after this request read it."""
    store = type(request.session)(request.session.session_key)
    return dict(store.load().get(FORMS_KEY, {}))


def _create_once(request: AuthedRequest, form: StudyForm) -> tuple[Study, bool]:
    """The study the form makes, or the one it already made (and False)."""
    form_id: UUID | None = form.cleaned_data.get("form_id")
    fields = form.changes()
    consent_text = form.cleaned_data["consent_text"]
    if form_id is None:
        return services.study_create(
            researcher=request.user, consent_text=consent_text, **fields
        ), True
    with transaction.atomic():
        # One new study at a time per researcher: a copy sent at once waits here, then finds
        # the id the first one saved with its study.
        User.objects.select_for_update().filter(pk=request.user.pk).first()
        sent = _forms_sent(request)
        made_pk = sent.get(str(form_id))
        if made_pk is not None:
            made = Study.objects.for_researcher(request.user).filter(pk=made_pk).first()
            if made is not None:
                return made, False
        study = services.study_create(researcher=request.user, consent_text=consent_text, **fields)
        sent[str(form_id)] = study.pk
        request.session[FORMS_KEY] = dict(list(sent.items())[-FORMS_KEPT:])
        request.session.save()  # in this transaction: a copy waiting above reads it next
    return study, True


@researcher_required
@require_http_methods(["GET", "POST"])
def study_create(request: AuthedRequest) -> HttpResponse:
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        study, made = _create_once(request, form)
        if made:
            messages.success(
                request, gettext("The study is made. Send its invitation link to participants.")
            )
        return redirect("study-detail", pk=study.pk)
    return render(request, "studies/study_form.html", {"form": form, "study": None})


@researcher_required
@require_http_methods(["GET", "POST"])
def study_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    study = own_study(request, pk)
    consent = study.consent
    agreed = consent.agreements.exists()
    # The form works on a copy: a form that comes back with an error leaves the page's study
    # (its title in the heading) as it is saved.
    form = StudyForm(request.POST or None, instance=copy.copy(study), consent_text=consent.text)
    if request.method == "POST" and form.is_valid():
        try:
            services.study_update(
                study=study,
                changes=form.changes(),
                consent_text=form.cleaned_data["consent_text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if study.consent.number != consent.number:
                messages.success(
                    request,
                    gettext(
                        "Saved. The consent text is version %(number)s now: everyone taking "
                        "part is asked to agree to it."
                    )
                    % {"number": study.consent.number},
                )
            else:
                messages.success(request, gettext("Saved."))
            return redirect("study-detail", pk=study.pk)
    context = {"form": form, "study": study, "consent": consent, "agreed": agreed}
    return render(request, "studies/study_form.html", context)


@researcher_required
@require_GET
def study_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    study = own_study(request, pk)
    versions = study.consent_versions.annotate(agreed=Count("agreements")).order_by("number")
    lines = study_adherence(study)
    today = timezone.localdate(timezone.now(), request.user.zone)
    context = {
        "study": study,
        # The group's dip and recovery: templates/studies/group.html reads it as ``group``.
        "group": group.group_context(study),
        "today": today,
        "invitation_url": request.build_absolute_uri(
            reverse("study-join", kwargs={"token": study.invitation_token})
        ),
        "versions": versions,
        "current": max((v.number for v in versions), default=1),
        "participant_lines": lines,
        "participant_totals": totals(lines),
        "exports": ExportLog.objects.filter(study=study)[:20],
    }
    # The invitation link is a secret of sorts: no referrer carries it to another site.
    return keep_to_yourself(render(request, "studies/study_detail.html", context), referrer=True)


@researcher_required
@require_POST
def study_invitation(request: AuthedRequest, pk: int) -> HttpResponse:
    study = own_study(request, pk)
    action = request.POST.get("action", "")
    if action == "close":
        services.invitation_set_open(study=study, is_open=False)
        messages.success(request, gettext("The invitation is closed: nobody new can join."))
    elif action == "open":
        services.invitation_set_open(study=study, is_open=True)
        messages.success(request, gettext("The invitation is open: people can join by its link."))
    elif action == "renew":
        services.invitation_renew(study=study)
        messages.success(
            request,
            gettext("This is a new link. The old one no longer works: send this one instead."),
        )
    else:
        return HttpResponse(status=400)
    return redirect(reverse("study-detail", kwargs={"pk": study.pk}) + "#invitation")
