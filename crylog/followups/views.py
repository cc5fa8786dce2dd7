from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crylog.accounts.http import AuthedRequest
from crylog.accounts.models import User
from crylog.cries.safety import add_help_offer, help_offer, should_offer_help
from crylog.followups import actions, ics, mail, push, services, wording
from crylog.followups.forms import AnswerForm, EmailReminderForm, ReminderNameForm, SubscriptionForm
from crylog.followups.models import (
    NOT_WAITING,
    DeliveryAttempt,
    FollowUp,
    ProtocolTiming,
    PushSubscription,
)
from crylog.followups.templatetags.followups import due_followups
from crylog.lib import jsontext
from crylog.lib.http import with_out_of_band


def _own_followup(request: AuthedRequest, pk: int) -> FollowUp:
    followups = FollowUp.objects.for_user(request.user).select_related("cry")
    return get_object_or_404(followups, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def followup_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    """The check-in a reminder opens. Logged out, the login page comes first and returns here."""
    followup = _own_followup(request, pk)
    if request.method == "GET":
        return render(request, "followups/answer.html", _answer_context(followup))
    context = _answer_context(followup, data=request.POST)
    form = context["form"]
    assert isinstance(form, AnswerForm)
    if not form.is_valid():
        template = "followups/answer.html#answer" if request.htmx else "followups/answer.html"
        return render(request, template, context)
    # The same answer sent again gets back the rating it saved, and so the same page.
    rating = services.followup_answer(followup=followup, **form.cleaned_data)
    offer_help = should_offer_help(
        user=request.user, cry=followup.cry, moment=followup.moment, valence=rating.valence
    )
    if request.htmx:
        context["rating"] = rating
        context["on_time"] = followup.is_on_time(rating.given_at)
        context["help_offer"] = help_offer() if offer_help else ""
        response = render(request, "followups/answer.html#answer", context)
        return with_out_of_band(request, response)
    messages.success(request, _saved_message(followup, rating.given_at))
    add_help_offer(request, offer_help)
    return redirect(followup.cry)


@require_GET
@login_required
def followup_due(request: AuthedRequest) -> HttpResponse:
    """Where the installed app's "Check in" shortcut goes: the check-in of the follow-up that
    has waited longest, as the home page's banner lists them, or home when none is waiting.
    Logged out, the login page comes first and returns here."""
    now = timezone.now()
    followup = FollowUp.objects.for_user(request.user).due_for_answer(now).order_by("due_at", "pk")
    return redirect(followup.first() or "cry-home")


def _answer_context(followup: FollowUp, data: Any = None, **extra: object) -> dict[str, object]:
    """The check-in page as it stands now: its form, and whether it may be put off."""
    previous = followup.cry.ratings.filter(moment=followup.moment).first()
    form = AnswerForm(
        data, followup=followup, initial={"valence": previous.valence} if previous else None
    )
    now = timezone.now()
    return {
        "followup": followup,
        "form": form,
        "previous": previous,
        # Said before anything is saved: which check-in this is, or that it is late.
        "on_time_now": followup.is_on_time(now),
        "late_now": now > followup.expires_at,
        "can_snooze": followup.can_snooze(now),
        **extra,
    }


def _saved_message(followup: FollowUp, given_at: datetime) -> str:
    if followup.is_on_time(given_at):
        return gettext("Saved as your %(minutes)s-minute check-in. Thank you.") % {
            "minutes": followup.check_in_minutes
        }
    if given_at > followup.expires_at:
        return gettext("Saved, and kept as a later answer than usual. Thank you.")
    return gettext("Saved. Thank you.")


@require_POST
@login_required
def followup_skip(request: AuthedRequest, pk: int) -> HttpResponse:
    followup = _own_followup(request, pk)
    skipped = services.followup_skip(followup=followup)
    # Tapped again, or on a banner older than the answer: it says so, and nothing changes.
    if skipped or followup.state == FollowUp.State.CANCELLED:
        messages.info(request, gettext("Skipped. No reminder for that one."))
    else:
        messages.info(request, gettext("That check-in was already answered, so it stays."))
    if request.htmx:
        # The banner again, with what is still due: none left, an empty place for it.
        context = due_followups({"request": request})
        del context["csrf_token"]  # render() brings the request's own
        response = render(request, "followups/due_banner.html", context)
        return with_out_of_band(request, response)
    return redirect("cry-home")


@require_POST
@login_required
def followup_snooze(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "In 15 minutes" on the check-in page: a form post from the logged-in page (CSRF-checked)."""
    followup = _own_followup(request, pk)
    snoozed = services.followup_snooze(followup_id=followup.pk, user_id=request.user.pk)
    if snoozed is None:
        # Already answered or skipped (another tab, a second tap), or too late: nothing moves.
        said = services.snooze_refusal(followup, timezone.now())
    else:
        said = gettext("We'll ask again at %(time)s.") % {"time": _local_time(snoozed.due_at)}
    if request.htmx:
        # The whole check-in again, as it is now: no "In 15 minutes" left once it is refused.
        context = _answer_context(snoozed or _own_followup(request, pk), snooze_said=said)
        context["snoozed"] = snoozed is not None
        return render(request, "followups/answer.html#answer", context)
    if snoozed is None:
        messages.info(request, said)
        return redirect(followup)
    messages.success(request, said)
    return redirect(snoozed.cry)


def _local_time(at: datetime) -> str:
    """A time of day on the person's clock, as their language writes it: 3:45 p.m., 15:45."""
    return formats.time_format(timezone.localtime(at))


@csrf_exempt  # no session, no cookie: the signed token in the request is the whole authority
@require_POST
def followup_snooze_action(request: HttpRequest, pk: int) -> JsonResponse:
    """ "In 15 minutes" tapped on a notification: posted by the service worker, with no page.

    The token from the push message (actions.py) allows this one snooze of this follow-up and
    nothing else; the session, if any, is ignored. 403 for a token that allows nothing, 409
    for a snooze refused (already used, a third one, too close to the window's end).
    """
    now = timezone.now()
    try:
        grant = actions.read_snooze_token(request.POST.get("token", ""), followup_id=pk, now=now)
    except actions.InvalidToken:
        return JsonResponse(
            {"detail": gettext("This reminder can no longer be put off.")}, status=403
        )
    snoozed = services.followup_snooze(
        followup_id=grant.followup_id, user_id=grant.user_id, snoozes=grant.snoozes
    )
    if snoozed is None:
        followup = FollowUp.objects.filter(pk=pk, cry__user_id=grant.user_id).first()
        if followup is None:
            return JsonResponse(
                {"detail": gettext("This reminder can no longer be put off.")}, status=403
            )
        # Shown in a notification, as the reminder was: in the person's language.
        with wording.in_language_of(followup.cry.user):
            if followup.snoozes != grant.snoozes:
                detail = gettext("This reminder was already put off.")
            else:
                detail = services.snooze_refusal(followup, now)
        return JsonResponse({"detail": detail}, status=409)
    return JsonResponse({"due_at": snoozed.due_at.isoformat()}, status=200)


@require_GET
@login_required
def followup_calendar(request: AuthedRequest, pk: int) -> HttpResponse:
    """An .ics event with an alarm at the follow-up's due time, for people without push."""
    followup = _own_followup(request, pk)
    now = timezone.now()
    if not followup.is_calendar_ready(now):
        # Answered, skipped, or its time has come: an alarm in the past would help nobody.
        open_now = (
            followup.state not in NOT_WAITING and followup.due_at <= now < followup.expires_at
        )
        context = {"followup": followup, "open_now": open_now}
        return render(request, "followups/calendar_gone.html", context, status=410)
    response = HttpResponse(ics.followup_ics(followup), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="check-in.ics"'
    return response


@require_GET
@login_required
def reminder_settings(request: AuthedRequest) -> HttpResponse:
    return render(request, "followups/reminders.html", _reminders_context(request))


def _reminders_context(request: AuthedRequest, **extra: object) -> dict[str, object]:
    return {
        "devices": request.user.push_subscriptions.all(),
        "email_form": EmailReminderForm(instance=request.user),
        "name_form": ReminderNameForm(instance=request.user),
        "reminder_title": wording.title(request.user),
        "push_configured": push.is_configured(),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        **_timing_context(request),
        **extra,
    }


def _timing_context(request: AuthedRequest) -> dict[str, object]:
    """The timing a study's protocol sets while the person takes part (from a later day, too):
    its first day when that is still to come, and its last (it ends at the midnight after)."""
    now = timezone.now()
    timing = ProtocolTiming.objects.filter(user=request.user, ends_at__gt=now).first()
    if timing is None:
        return {"timing": None}
    return {
        "timing": timing,
        "timing_from": timezone.localdate(timing.starts_at) if timing.starts_at > now else None,
        "timing_until": timezone.localdate(timing.ends_at - timedelta(microseconds=1)),
    }


@require_POST
@login_required
def reminder_email(request: AuthedRequest) -> HttpResponse:
    form = EmailReminderForm(request.POST, instance=request.user)
    if form.is_valid():  # a single checkbox: always
        form.save()
    on = request.user.followup_email
    if request.htmx:
        context = _reminders_context(request, email_saved=True)
        return render(request, "followups/reminders.html#email", context)
    messages.success(
        request, gettext("E-mail reminders are on.") if on else gettext("E-mail reminders are off.")
    )
    return redirect("reminder-settings")


@require_POST
@login_required
def reminder_name(request: AuthedRequest) -> HttpResponse:
    """The name reminders go by instead of crylog. A refused name changes nothing, and comes
    back in the field with the reason beside it."""
    form = ReminderNameForm(request.POST, instance=request.user)
    saved = form.is_valid()
    if saved:
        form.save()
    else:  # the form put the refused name on the person; the page shows the saved one
        request.user.refresh_from_db(fields=["reminder_name"])
    said = _name_saved_message(request.user) if saved else ""
    if request.htmx:
        context = _reminders_context(request, name_form=form, name_saved=said)
        return render(request, "followups/reminders.html#name", context)
    if not saved:
        return render(
            request, "followups/reminders.html", _reminders_context(request, name_form=form)
        )
    messages.success(request, said)
    return redirect("reminder-settings")


def _name_saved_message(user: User) -> str:
    if user.reminder_name:
        return gettext("Saved: your reminders now go by “%(name)s”.") % {"name": user.reminder_name}
    return gettext("Saved: your reminders go by “crylog” again.")


@csrf_exempt  # a mail provider POSTs here for the person (RFC 8058): the token is the proof
@require_http_methods(["GET", "POST"])
def reminder_email_off(request: HttpRequest, token: str) -> HttpResponse:
    """Turn reminder e-mail off from the link in one, without logging in.

    A GET (a person who opened the link) asks first, with a button; the POST, from that button
    or from the mail provider's one-click "Unsubscribe", turns it off.
    """
    user_id = mail.email_off_user_id(token)
    if user_id is None:
        raise Http404(gettext("This link is not valid."))
    if request.method == "POST":
        User.objects.filter(pk=user_id).update(followup_email=False)
    return render(request, "followups/email_off.html", {"done": request.method == "POST"})


@require_POST
@login_required
def push_subscribe(request: AuthedRequest) -> JsonResponse:
    """Store this device's push subscription: a JSON POST from static/followups/reminders.js."""
    try:
        body = jsontext.loads(request.body)
        data = {"endpoint": body["endpoint"], **body["keys"]}
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": gettext("Send the browser's PushSubscription as JSON.")}, status=400
        )
    form = SubscriptionForm(data)
    if not form.is_valid():
        return JsonResponse({"error": gettext("That subscription was not accepted.")}, status=400)
    device = services.push_subscription_save(
        user=request.user,
        user_agent=request.headers.get("User-Agent", ""),
        **form.cleaned_data,
    )
    return JsonResponse({"device": device.device_label}, status=201)


@require_POST
@login_required
def push_device_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(PushSubscription, pk=pk, user=request.user)
    device.delete()
    if request.htmx:
        return render(request, "followups/reminders.html#devices", _reminders_context(request))
    messages.success(
        request,
        gettext("Removed %(device)s. It gets no more reminders.") % {"device": device.device_label},
    )
    return redirect("reminder-settings")


@require_POST
@login_required
def push_test(request: AuthedRequest) -> HttpResponse:
    attempts = services.push_trial(user=request.user) if push.is_configured() else []
    summary = _trial_summary(attempts)
    if request.htmx:
        context = _reminders_context(request, test_summary=summary)
        return render(request, "followups/reminders.html#devices", context)
    messages.info(request, summary)
    return redirect("reminder-settings")


def _trial_summary(attempts: list[DeliveryAttempt]) -> str:
    """What a test notification did, in words: never a push service's own answer."""
    outcomes = [attempt.outcome for attempt in attempts]
    sent, gone = (
        outcomes.count(DeliveryAttempt.Outcome.SENT),
        outcomes.count(DeliveryAttempt.Outcome.GONE),
    )
    if not attempts:
        return gettext("There is no device to send to yet.")
    if sent == len(attempts):
        return ngettext(
            "Sent to %(sent)s device. It should show in a moment.",
            "Sent to %(sent)s devices. It should show in a moment.",
            sent,
        ) % {"sent": sent}
    sentences = [
        ngettext(
            # English says "devices" even of one: "Sent to 0 of 1 devices."
            "Sent to %(sent)s of %(count)s devices.",
            "Sent to %(sent)s of %(count)s devices.",
            len(attempts),
        )
        % {"sent": sent, "count": len(attempts)}
    ]
    if gone:
        sentences.append(
            ngettext(
                "%(gone)s device can no longer get notifications and was removed.",
                "%(gone)s devices can no longer get notifications and were removed.",
                gone,
            )
            % {"gone": gone}
        )
    if sent + gone < len(attempts):
        sentences.append(gettext("See below what went wrong."))
    return " ".join(sentences)
