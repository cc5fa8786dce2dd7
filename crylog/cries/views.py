from datetime import datetime
from math import ceil
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from crylog.accounts.http import AuthedRequest
from crylog.cries import services
from crylog.cries.forms import (
    BeforeForm,
    CheckInForm,
    CorrectionForm,
    CryDetailsForm,
    EndForm,
    OwnTriggerNameForm,
    PlanForm,
)
from crylog.cries.history import HistoryFilterForm
from crylog.cries.models import Cry, Moment, MoodRating, OwnTrigger, new_cry_limits
from crylog.cries.safety import add_help_offer, help_offer, should_offer_help
from crylog.lib.http import HtmxHttpRequest, with_out_of_band

RECENT_CRIES = 3
PLANNED_ON_HOME = 3  # the newest running planned cries; the rest are in the history
CRIES_PER_PAGE = 20


def _own_cry(request: AuthedRequest, pk: int) -> Cry:
    cries = Cry.objects.for_user(request.user).with_ratings().prefetch_related("own_triggers")
    return get_object_or_404(cries, pk=pk)


@require_GET
def cry_home(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "cries/welcome.html")
    return render(request, "cries/home.html", _home_context(request))  # type: ignore[arg-type]


def _home_context(request: AuthedRequest) -> dict[str, object]:
    cries = Cry.objects.for_user(request.user).with_ratings()
    in_progress = list(cries.in_progress().order_by("-created_at", "-pk")[: PLANNED_ON_HOME + 1])
    more_in_progress = 0
    if len(in_progress) > PLANNED_ON_HOME:
        more_in_progress = cries.in_progress().count() - PLANNED_ON_HOME
    return {
        "in_progress": in_progress[:PLANNED_ON_HOME],
        "more_in_progress": more_in_progress,
        "recent": cries.ended().newest_first()[:RECENT_CRIES],
    }


def _on_home(request: AuthedRequest) -> bool:
    """Whether an htmx request came from the home page."""
    return urlsplit(request.htmx.current_url_abs_path or "").path == reverse("cry-home")


def _swapped_in_place(
    request: AuthedRequest,
    response: HttpResponse,
    *,
    cry: Cry | None = None,
    cry_parts: tuple[str, ...] = ("summary", "reminder"),
) -> HttpResponse:
    """After a save swapped into a page, the rest of the page agrees with it: the messages
    (an old "Noted…" goes), the cry's own card when the save was made inside it (``cry``:
    its time, ratings and reminder, or the ``cry_parts`` named), and on the home page the
    planned cries, the check-ins due and the last cries."""
    parts = []
    if cry is not None:
        context = {**_detail_context(cry, on_home=_on_home(request)), "oob": True}
        for partial in cry_parts:
            parts.append(render_to_string(f"cries/cry_detail.html#{partial}", context, request))
    if _on_home(request):
        context = {**_home_context(request), "oob": True}
        for partial in ("in-progress", "due-followups", "recent"):
            parts.append(render_to_string(f"cries/home.html#{partial}", context, request))
    return with_out_of_band(request, response, *parts)


def _held_back(response: HttpResponse, request: AuthedRequest, lifts_at: datetime) -> HttpResponse:
    """A form refused by the limit on new cries, with what was entered in it. A page or the
    phone's queue (static/pwa/queue.js keeps a check-in answered 429, and sends it later)
    gets 429 and when to come back; htmx gets 200, which it swaps in like any refused form."""
    if not request.htmx:
        response.status_code = 429
        response["Retry-After"] = str(max(1, ceil((lifts_at - timezone.now()).total_seconds())))
    return response


def _limit_message(lifts_at: datetime) -> str:
    local = timezone.localtime(lifts_at)
    (_, hour), (_, day) = new_cry_limits()
    values: dict[str, object] = {"hour": hour, "day": day}
    values["time"] = formats.time_format(local)  # 3:00 p.m., 15:00: TIME_FORMAT
    if local.date() == timezone.localdate():
        return (
            gettext(
                "crylog takes at most %(hour)d new cries in an hour and %(day)d in a day, and this "
                "one would be more. What you entered is still here: you can save it from %(time)s."
            )
            % values
        )
    return (
        gettext(
            "crylog takes at most %(hour)d new cries in an hour and %(day)d in a day, and this "
            "one would be more. What you entered is still here: you can save it from tomorrow, "
            "%(time)s."
        )
        % values
    )


@require_GET
@login_required
def cry_new(request: AuthedRequest) -> HttpResponse:
    """Log a cry; while a planned cry is running, first offer to end that one."""
    planned = Cry.objects.for_user(request.user).in_progress().order_by("-created_at").first()
    if planned is not None and "separate" not in request.GET:
        context = {"cry": planned, "end_form": EndForm(cry=planned, place="over")}
        template = "cries/new.html#planned-over" if request.htmx else "cries/new.html"
        return render(request, template, context)
    return _checkin_form(request, CheckInForm())


def _checkin_form(request: AuthedRequest, form: CheckInForm) -> HttpResponse:
    template = "cries/new.html#checkin-form" if request.htmx else "cries/new.html"
    return render(request, template, {"form": form})


@require_POST
@login_required
def cry_create(request: AuthedRequest) -> HttpResponse:
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return _checkin_form(request, form)
    owner = form.cleaned_data["owner"]
    if owner is not None and owner != request.user.pk:
        # A check-in kept on a phone by someone else, sent while this person is signed in:
        # refused, so the phone keeps it for its owner.
        return HttpResponse(gettext("This check-in belongs to someone else."), status=409)
    try:
        cry = services.cry_create(
            user=request.user,
            valence=form.cleaned_data["valence"],
            arousal=form.cleaned_data["arousal"],
            ended_at=form.cleaned_data["ended_at"],
            client_id=form.cleaned_data["client_id"],
            # Kept on a phone (it names its owner): the mood was given at the tap, its end.
            given_at=form.cleaned_data["ended_at"] if owner is not None else None,
        )
    except services.TooManyCries as held:
        form.add_error(None, _limit_message(held.lifts_at))
        return _held_back(_checkin_form(request, form), request, held.lifts_at)
    # A repeat (the same form's id) answers as the first did: from what was saved then.
    saved = cry.rating_at(Moment.RIGHT_AFTER)
    offer_help = saved is not None and should_offer_help(
        user=request.user, cry=cry, moment=Moment.RIGHT_AFTER, valence=saved.valence
    )
    if request.htmx:
        context = _detail_context(
            cry, just_saved=True, offer_help=offer_help, on_home=_on_home(request)
        )
        return _swapped_in_place(request, render(request, "cries/cry_detail.html#saved", context))
    messages.success(request, gettext("Saved. You can add more now or later."))
    add_help_offer(request, offer_help)
    return redirect(cry)


@require_http_methods(["GET", "POST"])
@login_required
def cry_plan(request: AuthedRequest) -> HttpResponse:
    """A cry expected in advance: rate how you feel before it, for real."""
    form = PlanForm(request.POST or None)
    form.fields["valence"].label = gettext("How do you feel now, before it starts?")
    if request.method == "POST" and form.is_valid():
        try:
            services.cry_plan(
                user=request.user,
                valence=form.cleaned_data["valence"],
                arousal=form.cleaned_data["arousal"],
                client_id=form.cleaned_data["client_id"],
            )
        except services.TooManyCries as held:
            form.add_error(None, _limit_message(held.lifts_at))
            response = render(request, "cries/plan.html", {"form": form})
            return _held_back(response, request, held.lifts_at)
        # Sent again (same id), the same planned cry and the same words.
        messages.success(request, gettext("Noted. Tap “It's over” on the home page when it ends."))
        return redirect("cry-home")
    return render(request, "cries/plan.html", {"form": form})


@require_POST
@login_required
def cry_end(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    # The form comes back where it was: its card on the home page, or in place of "I just cried".
    place = (request.htmx.trigger or "end").split("-")[0]
    form = EndForm(request.POST, cry=cry, place=place)
    if not cry.is_over:
        if not form.is_valid():
            if not request.htmx:
                return render(request, "cries/end.html", {"cry": cry, "end_form": form})
            response = render(request, "cries/home.html#end-form", {"cry": cry, "end_form": form})
            return reswap(retarget(response, f"#{form.html_id}"), "outerHTML")
        # False when a copy of this request ended it a moment ago: answered below as that one.
        services.cry_end(
            cry=cry, valence=form.cleaned_data["valence"], arousal=form.cleaned_data["arousal"]
        )
        cry = _own_cry(request, pk)
    saved = cry.rating_at(Moment.RIGHT_AFTER)
    said = (form.cleaned_data["valence"], form.cleaned_data["arousal"]) if form.is_valid() else None
    if saved is None or said != (saved.valence, saved.arousal):
        # Ended elsewhere (another tab, another phone): it stays as it was, and the page says so.
        messages.info(request, gettext("That one had already ended; it stays as it was."))
        if request.htmx:
            context = _detail_context(cry, on_home=_on_home(request))
            response = render(request, "cries/cry_detail.html#saved", context)
            # From the top of the page, where the words are, down to the cry.
            response["HX-Reswap"] = "innerHTML show:window:top"
            return _swapped_in_place(request, response)
        return redirect(cry)
    # Ended now, or by the same form a moment ago (a double tap): the same answer.
    offer_help = should_offer_help(
        user=request.user, cry=cry, moment=Moment.RIGHT_AFTER, valence=saved.valence
    )
    if request.htmx:
        context = _detail_context(
            cry, just_saved=True, offer_help=offer_help, on_home=_on_home(request)
        )
        return _swapped_in_place(request, render(request, "cries/cry_detail.html#saved", context))
    messages.success(request, gettext("Saved."))
    add_help_offer(request, offer_help)
    return redirect(cry)


@require_GET
@login_required
@vary_on_headers("HX-Request")
def cry_list(request: AuthedRequest) -> HttpResponse:
    """History, newest first, filtered by what the GET parameters ask (cries/history.py)."""
    form = HistoryFilterForm(request.GET, user=request.user)
    page = None
    if form.is_valid():
        cries = form.filter(Cry.objects.for_user(request.user))
        cries = cries.with_ratings().prefetch_related("own_triggers").newest_first()
        page = Paginator(cries, CRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "active": form.active(),
        "query": form.query_string(),
        "search": form.cleaned_data["q"] if page is not None else "",
    }
    # The filter form swaps the list in place; a restored history entry needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "cries/cry_list.html#history", context)
    return render(request, "cries/cry_list.html", context)


def _detail_context(
    cry: Cry, *, just_saved: bool = False, offer_help: bool = False, on_home: bool = False
) -> dict[str, object]:
    ratings = cry.ratings_in_order()
    return {
        "help_offer": help_offer() if offer_help else "",
        "cry": cry,
        "ratings": ratings,
        "before": next((r for r in ratings if r.moment == Moment.BEFORE), None),
        "before_form": BeforeForm(),
        # The details form is built only when asked for ("Add details", "Edit details"): it
        # is the biggest part of the page and most check-ins never open it.
        "details_form": None,
        "details_editing": False,
        "answers": CryDetailsForm(instance=cry).saved_answers(),
        "just_saved": just_saved,
        # On the home page its banner asks for a check-in that is due; the cry does not.
        "banner_asks": on_home,
    }


@require_GET
@login_required
def cry_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    context = _detail_context(_own_cry(request, pk))
    # Without JavaScript, saved details come back here; the word stays beside the details.
    context["details_saved"] = request.GET.get("details") == "saved"
    return render(request, "cries/cry_detail.html", context)


@require_POST
@login_required
def cry_rate_before(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    form = BeforeForm(request.POST)
    if not form.is_valid():
        context = _detail_context(cry, on_home=_on_home(request))
        context["before_form"] = form
        template = "cries/cry_detail.html#before" if request.htmx else "cries/cry_detail.html"
        return render(request, template, context)
    valence = form.cleaned_data["valence"]
    # A cry has one before rating: the same one sent again answers as the first did; another
    # value (a form left open elsewhere) leaves the first as it was, and says so.
    before, _ = services.before_rate(cry=cry, valence=valence)
    offer_help = before.valence == valence and should_offer_help(
        user=request.user, cry=cry, moment=Moment.BEFORE, valence=valence
    )
    if before.valence != valence:
        messages.info(
            request,
            gettext("You had already said how you felt before: %(valence)d of 100. It stays.")
            % {"valence": before.valence},
        )
    elif not request.htmx:
        messages.success(request, gettext("Saved how you felt before."))
        add_help_offer(request, offer_help)
    if not request.htmx:
        return redirect(cry)
    cry = _own_cry(request, pk)
    context = _detail_context(cry, on_home=_on_home(request))
    context["help_offer"] = help_offer() if offer_help else ""
    response = render(request, "cries/cry_detail.html#before", context)
    return _swapped_in_place(request, response, cry=cry)


@require_http_methods(["GET", "POST"])
@login_required
def cry_details(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    context = _detail_context(cry)
    context["details_editing"] = True
    template = "cries/cry_detail.html#details" if request.htmx else "cries/cry_detail.html"
    if request.method == "GET":
        context["details_form"] = CryDetailsForm(instance=cry)
        return render(request, template, context)
    form = CryDetailsForm(request.POST, instance=Cry.objects.get(pk=cry.pk))
    if not form.is_valid():
        context["details_form"] = form
        return render(request, template, context)
    # The same details sent again change nothing (no changed data, nothing written).
    changes = {
        name: form.cleaned_data[name] for name in form.changed_data if name != "own_trigger_new"
    }
    try:
        cry = services.cry_update(
            cry=cry, changes=changes, add_own_trigger=form.cleaned_data["own_trigger_new"]
        )
    except ValidationError as refused:
        # Nothing was saved; the form comes back with everything in it.
        form.add_error("own_trigger_new", refused)
        context["details_form"] = form
        return render(request, template, context)
    if request.htmx:
        context = _detail_context(cry, on_home=_on_home(request))
        context["details_saved"] = True
        response = render(request, "cries/cry_detail.html#details", context)
        return _swapped_in_place(request, response, cry=cry)
    # "Details saved." shows beside the details, where the person is looking.
    return redirect(cry.get_absolute_url() + "?details=saved#details")


@require_http_methods(["GET", "POST"])
@login_required
def cry_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    if request.method == "POST":
        services.cry_delete(cry=cry)
        messages.success(request, gettext("Deleted, with its ratings."))
        return redirect("cry-list")
    return render(request, "cries/cry_delete.html", {"cry": cry})


def _own_rating(request: AuthedRequest, pk: int, moment: str) -> tuple[Cry, MoodRating | None]:
    """One of the person's cries and its rating at ``moment`` (None if it has none); 404 for
    another person's cry or a moment that is not one."""
    if moment not in Moment.values:
        raise Http404
    cry = _own_cry(request, pk)
    return cry, cry.rating_at(moment)


def _ratings_in_place(
    request: AuthedRequest, pk: int, *, said: str, offer_help: bool = False
) -> HttpResponse:
    """htmx, after a rating was corrected or deleted: the cry's ratings again where the form
    was, saying what happened, and the parts of the page that show a rating too."""
    cry = _own_cry(request, pk)
    context = _detail_context(cry, offer_help=offer_help, on_home=_on_home(request))
    context["said"] = said
    response = render(request, "cries/cry_detail.html#summary", context)
    return _swapped_in_place(request, response, cry=cry, cry_parts=("before", "reminder"))


@require_http_methods(["GET", "POST"])
@login_required
def rating_correct(request: AuthedRequest, pk: int, moment: str) -> HttpResponse:
    """Change a rating given earlier: its value is replaced, the time it was given stays."""
    cry, rating = _own_rating(request, pk, moment)
    if rating is None:
        raise Http404
    form = CorrectionForm(request.POST if request.method == "POST" else None, rating=rating)
    if request.method == "GET" or not form.is_valid():
        template = (
            "cries/rating_correct.html#correction" if request.htmx else "cries/rating_correct.html"
        )
        return render(request, template, {"cry": cry, "rating": rating, "form": form})
    corrected = services.rating_correct(
        rating=rating,
        valence=form.cleaned_data["valence"],
        relief=form.cleaned_data.get("relief"),
    )
    if corrected is None:  # deleted in another tab a moment ago
        raise Http404
    said = gettext("Corrected.") if corrected.corrected_at else gettext("Nothing was changed.")
    # As after the rating itself: a very low value, or a follow-up still well below before.
    offer_help = should_offer_help(
        user=request.user, cry=cry, moment=corrected.moment, valence=corrected.valence
    )
    if request.htmx:
        return _ratings_in_place(request, pk, said=said, offer_help=offer_help)
    messages.success(request, said)
    add_help_offer(request, offer_help)
    return redirect(cry)


@require_http_methods(["GET", "POST"])
@login_required
def rating_delete(request: AuthedRequest, pk: int, moment: str) -> HttpResponse:
    """Delete one rating of a cry, after a confirmation; the cry and its other ratings stay."""
    cry, rating = _own_rating(request, pk, moment)
    if request.method == "GET":
        if rating is None:
            raise Http404
        template = (
            "cries/rating_delete.html#confirm" if request.htmx else "cries/rating_delete.html"
        )
        return render(request, template, {"cry": cry, "rating": rating})
    # Sent twice (a double tap), the second finds it gone and says so.
    if rating is not None and services.rating_delete(rating=rating):
        said = gettext("Rating deleted. The cry and its other ratings stay.")
    else:
        said = gettext("That rating was already deleted.")
    if request.htmx:
        return _ratings_in_place(request, pk, said=said)
    messages.success(request, said)
    return redirect(cry)


# A person's own triggers: add, rename, retire, bring back. Plain forms (no htmx): each
# answer is the whole small page again, so the page works the same with JavaScript off.


def _back_to_cry(request: AuthedRequest) -> Cry | None:
    """The cry whose details form led here (``?cry=`` or the forms' ``cry``), to go back to;
    another person's cry is a 404."""
    pk = request.POST.get("cry") or request.GET.get("cry")
    if not pk:
        return None
    if not pk.isdigit():
        raise Http404
    return get_object_or_404(Cry.objects.for_user(request.user), pk=int(pk))


def _own_triggers_page(
    request: AuthedRequest,
    *,
    add_form: OwnTriggerNameForm | None = None,
    refused: tuple[int, OwnTriggerNameForm] | None = None,
) -> HttpResponse:
    mine = OwnTrigger.objects.for_user(request.user).annotate(cry_count=Count("cries"))
    items: list[dict[str, Any]] = []
    for trigger in mine:
        form = OwnTriggerNameForm(
            initial={"name": trigger.name}, auto_id=f"id_rename{trigger.pk}_%s"
        )
        if refused is not None and refused[0] == trigger.pk:
            form = refused[1]
        items.append({"trigger": trigger, "form": form})
    cry = _back_to_cry(request)
    context = {
        "add_form": add_form or OwnTriggerNameForm(auto_id="id_add_%s"),
        "in_use": [item for item in items if not item["trigger"].is_retired],
        "retired": [item for item in items if item["trigger"].is_retired],
        "cry": cry,
    }
    return render(request, "cries/own_triggers.html", context)


def _to_own_triggers(request: AuthedRequest) -> HttpResponse:
    cry = _back_to_cry(request)
    url = reverse("own-trigger-list")
    return redirect(f"{url}?cry={cry.pk}" if cry else url)


def _own_trigger(request: AuthedRequest, pk: int) -> OwnTrigger:
    return get_object_or_404(OwnTrigger.objects.for_user(request.user), pk=pk)


@require_GET
@login_required
def own_trigger_list(request: AuthedRequest) -> HttpResponse:
    return _own_triggers_page(request)


@require_POST
@login_required
def own_trigger_add(request: AuthedRequest) -> HttpResponse:
    form = OwnTriggerNameForm(request.POST, auto_id="id_add_%s")
    form.is_valid()
    try:
        trigger = services.own_trigger_add(user=request.user, name=form.cleaned_data["name"])
    except ValidationError as refused:
        form.add_error("name", refused)
        return _own_triggers_page(request, add_form=form)
    messages.success(request, gettext("Added “%(name)s”.") % {"name": trigger.name})
    return _to_own_triggers(request)


@require_POST
@login_required
def own_trigger_rename(request: AuthedRequest, pk: int) -> HttpResponse:
    trigger = _own_trigger(request, pk)
    form = OwnTriggerNameForm(request.POST, auto_id=f"id_rename{trigger.pk}_%s")
    form.is_valid()
    before = trigger.name
    try:
        services.own_trigger_rename(trigger=trigger, name=form.cleaned_data["name"])
    except ValidationError as refused:
        form.add_error("name", refused)
        return _own_triggers_page(request, refused=(trigger.pk, form))
    if trigger.name != before:
        messages.success(
            request,
            gettext("“%(before)s” is now “%(name)s”, on every cry that has it.")
            % {"before": before, "name": trigger.name},
        )
    return _to_own_triggers(request)


@require_POST
@login_required
def own_trigger_retire(request: AuthedRequest, pk: int) -> HttpResponse:
    trigger = services.own_trigger_retire(trigger=_own_trigger(request, pk))
    messages.success(
        request,
        gettext("“%(name)s” is retired: off the form, and kept on the cries that have it.")
        % {"name": trigger.name},
    )
    return _to_own_triggers(request)


@require_POST
@login_required
def own_trigger_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    trigger = _own_trigger(request, pk)
    # Bringing one back never goes over the limit: retired ones count already.
    services.own_trigger_add(user=request.user, name=trigger.name)
    messages.success(request, gettext("“%(name)s” is back on the form.") % {"name": trigger.name})
    return _to_own_triggers(request)
