from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from crylog.cries import services
from crylog.cries.forms import BeforeForm, CheckInForm, CryDetailsForm, EndForm, RatingForm
from crylog.cries.models import Cry, Moment
from crylog.cries.safety import HELP_OFFER, add_help_offer, should_offer_help
from crylog.lib.http import AuthedRequest, HtmxHttpRequest

RECENT_CRIES = 3
PLANNED_ON_HOME = 3  # the newest running planned cries; the rest are in the history
CRIES_PER_PAGE = 20


def _own_cry(request: AuthedRequest, pk: int) -> Cry:
    return get_object_or_404(Cry.objects.for_user(request.user).with_ratings(), pk=pk)


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


def _swapped_in_place(request: AuthedRequest, response: HttpResponse) -> HttpResponse:
    """After a save swapped into a page: old messages go, and on the home page the parts the
    save changed (planned cries, last cries) are swapped too, so the page agrees with itself."""
    parts = ['<div id="messages" role="status" data-hx-swap-oob="true"></div>']
    if urlsplit(request.htmx.current_url_abs_path or "").path == reverse("cry-home"):
        context = {**_home_context(request), "oob": True}
        for partial in ("in-progress", "recent"):
            parts.append(render_to_string(f"cries/home.html#{partial}", context, request))
    response.content = response.content + "".join(parts).encode()
    return response


@require_GET
@login_required
def cry_new(request: AuthedRequest) -> HttpResponse:
    """Log a cry; while a planned cry is running, first offer to end that one."""
    planned = Cry.objects.for_user(request.user).in_progress().order_by("-created_at").first()
    if planned is not None and "separate" not in request.GET:
        context = {"cry": planned, "end_form": EndForm(cry=planned, place="over")}
        template = "cries/new.html#planned-over" if request.htmx else "cries/new.html"
        return render(request, template, context)
    template = "cries/new.html#checkin-form" if request.htmx else "cries/new.html"
    return render(request, template, {"form": CheckInForm()})


@require_POST
@login_required
def cry_create(request: AuthedRequest) -> HttpResponse:
    form = CheckInForm(request.POST)
    if not form.is_valid():
        template = "cries/new.html#checkin-form" if request.htmx else "cries/new.html"
        return render(request, template, {"form": form})
    cry = services.cry_create(
        user=request.user,
        valence=form.cleaned_data["valence"],
        arousal=form.cleaned_data["arousal"],
        ended_at=form.cleaned_data["ended_at"],
    )
    offer_help = should_offer_help(
        user=request.user, cry=cry, moment=Moment.RIGHT_AFTER, valence=form.cleaned_data["valence"]
    )
    if request.htmx:
        context = _detail_context(cry, just_saved=True, offer_help=offer_help)
        return _swapped_in_place(request, render(request, "cries/cry_detail.html#saved", context))
    messages.success(request, "Saved. You can add more now or later.")
    add_help_offer(request, offer_help)
    return redirect(cry)


@require_http_methods(["GET", "POST"])
@login_required
def cry_plan(request: AuthedRequest) -> HttpResponse:
    """A cry expected in advance: rate how you feel before it, for real."""
    form = RatingForm(request.POST or None)
    form.fields["valence"].label = "How do you feel now, before it starts?"
    if request.method == "POST":
        if form.is_valid():
            services.cry_plan(
                user=request.user,
                valence=form.cleaned_data["valence"],
                arousal=form.cleaned_data["arousal"],
            )
            messages.success(request, "Noted. Tap “It's over” on the home page when it ends.")
            return redirect("cry-home")
        return render(request, "cries/plan.html", {"form": form})
    return render(request, "cries/plan.html", {"form": form})


@require_POST
@login_required
def cry_end(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    if cry.is_over:
        messages.info(request, "That one has already ended.")
        return redirect(cry)
    # The form comes back where it was: its card on the home page, or in place of "I just cried".
    place = (request.htmx.trigger or "end").split("-")[0]
    form = EndForm(request.POST, cry=cry, place=place)
    if not form.is_valid():
        if not request.htmx:
            return render(request, "cries/end.html", {"cry": cry, "end_form": form})
        response = render(request, "cries/home.html#end-form", {"cry": cry, "end_form": form})
        return reswap(retarget(response, f"#{form.html_id}"), "outerHTML")
    services.cry_end(
        cry=cry, valence=form.cleaned_data["valence"], arousal=form.cleaned_data["arousal"]
    )
    offer_help = should_offer_help(
        user=request.user, cry=cry, moment=Moment.RIGHT_AFTER, valence=form.cleaned_data["valence"]
    )
    if request.htmx:
        cry = _own_cry(request, pk)
        context = _detail_context(cry, just_saved=True, offer_help=offer_help)
        return _swapped_in_place(request, render(request, "cries/cry_detail.html#saved", context))
    messages.success(request, "Saved.")
    add_help_offer(request, offer_help)
    return redirect(cry)


@require_GET
@login_required
def cry_list(request: AuthedRequest) -> HttpResponse:
    cries = Cry.objects.for_user(request.user).with_ratings().newest_first()
    page = Paginator(cries, CRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cries/cry_list.html", {"page": page})


def _detail_context(
    cry: Cry, *, just_saved: bool = False, offer_help: bool = False
) -> dict[str, object]:
    ratings = cry.ratings_in_order()
    return {
        "help_offer": HELP_OFFER if offer_help else "",
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
    context = _detail_context(cry)
    if not form.is_valid():
        context["before_form"] = form
        template = "cries/cry_detail.html#before" if request.htmx else "cries/cry_detail.html"
        return render(request, template, context)
    # A planned cry's before was rated at the time; a later one is remembered.
    context["before"] = services.rating_save(
        cry=cry,
        moment=Moment.BEFORE,
        valence=form.cleaned_data["valence"],
        is_recalled=True,
    )
    offer_help = should_offer_help(
        user=request.user, cry=cry, moment=Moment.BEFORE, valence=form.cleaned_data["valence"]
    )
    if request.htmx:
        context["help_offer"] = HELP_OFFER if offer_help else ""
        return _swapped_in_place(request, render(request, "cries/cry_detail.html#before", context))
    messages.success(request, "Saved how you felt before.")
    add_help_offer(request, offer_help)
    return redirect(cry)


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
    cry = services.cry_update(
        cry=cry, changes={name: form.cleaned_data[name] for name in form.changed_data}
    )
    if request.htmx:
        context = _detail_context(cry)
        context["details_saved"] = True
        return render(request, "cries/cry_detail.html#details", context)
    # "Details saved." shows beside the details, where the person is looking.
    return redirect(cry.get_absolute_url() + "?details=saved#details")


@require_http_methods(["GET", "POST"])
@login_required
def cry_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    cry = _own_cry(request, pk)
    if request.method == "POST":
        services.cry_delete(cry=cry)
        messages.success(request, "Deleted, with its ratings.")
        return redirect("cry-list")
    return render(request, "cries/cry_delete.html", {"cry": cry})
